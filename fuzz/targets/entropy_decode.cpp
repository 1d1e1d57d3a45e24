// The entropy (rANS) stream decoder on its own (docs/format-entropy.md):
// arbitrary bytes for any decoded size are refused or decoded completely
// within the two buffers; the SIMD and scalar rANS decoders agree on every
// stream; and what decode() accepts survives a re-encode.
#include "codec_target.hpp"
#include "codecs/entropy/entropy.hpp"
#include "codecs/entropy/rans.hpp"

using namespace cdma::fuzz;
namespace entropy = cdma::entropy;

namespace {

// For the rANS modes, the dispatched and the scalar lane decoders must give
// the same verdict and bytes on the same table and words.
void compare_rans(const uint8_t* src, size_t n, size_t dst_size) {
  if (n < 2 || (src[0] != entropy::kModeRans4 && src[0] != entropy::kModeRans32)) return;
  uint16_t norm[256];
  unsigned log = 0;
  const size_t table = entropy::read_table(src + 1, n - 1, norm, &log);
  if (cdma_is_error(table)) return;
  FUZZ_CHECK(table <= n - 1);
  auto t = std::make_unique<entropy::DecTable>();
  entropy::build_decoder(norm, log, t.get());
  const unsigned lanes = src[0] == entropy::kModeRans32 ? entropy::kLanesWide : entropy::kLanesNarrow;
  const uint8_t* words = src + 1 + table;
  const size_t words_size = n - 1 - table;
  std::vector<uint8_t> simd, scalar;
  const size_t r = decode_twice(
      [&](uint8_t* dst) { return entropy::rans_decode(words, words_size, lanes, *t, dst, dst_size); }, dst_size,
      &simd);
  const size_t rs = decode_twice(
      [&](uint8_t* dst) { return entropy::scalar::rans_decode(words, words_size, lanes, *t, dst, dst_size); },
      dst_size, &scalar);
  FUZZ_CHECK(r == rs);
  FUZZ_CHECK(simd == scalar);
}

// entropy::encode() with its default options, as a plain function.
size_t encode_default(const uint8_t* src, size_t n, uint8_t* dst, size_t cap) {
  return entropy::encode(src, n, dst, cap);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const DecodeCase c = read_case(data, size);
  const uint8_t* src = c.payload.data();
  const size_t n = c.payload.size();
  std::vector<uint8_t> out;
  const size_t r = decode_twice([&](uint8_t* dst) { return entropy::decode(src, n, dst, c.dst_size); },
                                c.dst_size, &out);
  compare_rans(src, n, c.dst_size);
  // encode() may pick another mode than the input used, but what it writes
  // fits its bound and decodes to the same bytes.
  if (!cdma_is_error(r) && !out.empty())
    check_reencode(out, entropy::encode_bound(out.size()), encode_default, entropy::decode);
  return 0;
}

// Random access (cdma_decompress_range). Mode 0: arbitrary frame bytes and
// a drawn range must be refused or give exactly the bytes a full decode
// gives there. Mode 1: a frame with a seek table is built from the input,
// and any range of it must come back bit for bit, with one thread or two.
#include "fuzz_util.hpp"
#include "setup.hpp"

using namespace cdma::fuzz;

namespace {

constexpr size_t kMaxRange = size_t{4} << 20;

void arbitrary_frame(Params& p) {
  const uint64_t offset = p.u64() % (uint64_t{1} << 26);
  const uint64_t length = p.u32() % kMaxRange;
  const size_t capacity = p.flag() ? static_cast<size_t>(length) : p.u32() % kMaxRange;
  const Exact src(p.data(), p.size());
  Exact dst(capacity);
  const size_t r = cdma_decompress_range(nullptr, dst.data(), dst.size(), src.data(), src.size(), offset, length);
  if (cdma_is_error(r)) return;
  FUZZ_CHECK(r == length && length <= capacity);
  // What a range decode returns is what the whole frame decodes to there,
  // whenever the whole frame decodes.
  const uint64_t content = cdma_get_content_size(src.data(), src.size());
  if (content > (uint64_t{64} << 20)) return;
  Exact all(static_cast<size_t>(content));
  if (cdma_decompress(all.data(), all.size(), src.data(), src.size()) != content) return;
  FUZZ_CHECK(offset + length <= content);
  FUZZ_CHECK(length == 0 || std::memcmp(dst.data(), all.data() + offset, length) == 0);
}

void built_frame(Params& p) {
  Setup s = read_setup(p);
  s.seek_table = p.u8() % 4 != 0;  // mostly with a table; without, headers are walked
  const int threads = p.flag() ? 2 : 1;
  Rng rng(p.u32());
  const std::vector<uint8_t> content = make_content(p.data(), p.size(), 1);
  Cctx c(cdma_cctx_create());
  FUZZ_CHECK(c);
  if (!apply(c.get(), s, content.size())) return;
  const std::vector<uint8_t> frame = compress_ok(c.get(), content);
  Dctx d(cdma_dctx_create());
  FUZZ_CHECK(d && !cdma_is_error(cdma_dctx_set_param(d.get(), CDMA_DP_THREADS, threads)));
  for (int i = 0; i < 4; ++i) {
    const size_t offset = rng.between(0, content.size());
    const size_t length = rng.between(0, content.size() - offset);
    Exact dst(length);
    const size_t r = cdma_decompress_range(d.get(), dst.data(), dst.size(), frame.data(), frame.size(), offset, length);
    FUZZ_CHECK_R(r == length, r);
    FUZZ_CHECK(length == 0 || std::memcmp(dst.data(), content.data() + offset, length) == 0);
  }
  // One byte past the content is out of bounds, not a short read.
  Exact one(1);
  const size_t r = cdma_decompress_range(d.get(), one.data(), 1, frame.data(), frame.size(), content.size(), 1);
  FUZZ_CHECK_R(is_code(r, CDMA_ERROR_parameter_out_of_bound), r);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Params p(data, size);
  if (p.flag()) {
    built_frame(p);
  } else {
    arbitrary_frame(p);
  }
  return 0;
}

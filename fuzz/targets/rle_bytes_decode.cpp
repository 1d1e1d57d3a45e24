// The byte-RLE stream decoder on its own (docs/format-zrle.md, "Byte RLE
// stream"): refused or decoded completely, and what it accepts re-encodes
// to a stream that decodes to the same bytes.
#include "codec_target.hpp"
#include "codecs/runs/rle_bytes.hpp"

using namespace cdma::fuzz;
namespace runs = cdma::runs;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const DecodeCase c = read_case(data, size);
  std::vector<uint8_t> out;
  const size_t r = decode_twice(
      [&](uint8_t* dst) { return runs::rle_bytes_decode(c.payload.data(), c.payload.size(), dst, c.dst_size); },
      c.dst_size, &out);
  if (!cdma_is_error(r))
    check_reencode(out, runs::rle_bytes_bound(out.size()), runs::rle_bytes_encode, runs::rle_bytes_decode);
  return 0;
}

// Every registered block codec's decoder through the registry, as the frame
// layer calls it: store, zero, zvc, zrle, split, zstd, lz4 and whatever
// joins them. Refused, or decoded completely within the two buffers.
#include "codec_target.hpp"
#include "codecs/registry.hpp"
#include "codecs/workspace.hpp"

using namespace cdma::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Params p(data, size);
  const cdma::CodecInfo* codec = cdma::find_codec(p.u8());
  if (codec == nullptr) return 0;
  const DecodeCase c = read_case(p.data(), p.size());
  std::vector<uint8_t> out;
  cdma::Workspace ws;  // fresh per input: nothing carries over between inputs
  decode_twice(
      [&](uint8_t* dst) { return codec->decode(ws, c.payload.data(), c.payload.size(), c.width, dst, c.dst_size); },
      c.dst_size, &out);
  return 0;
}

// The split decoder on its own: arbitrary payloads for any width and size
// must be refused or decoded completely, within the two buffers.
#include "codec_target.hpp"
#include "codecs/split/split_codec.hpp"
#include "codecs/workspace.hpp"

using namespace cdma::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const DecodeCase c = read_case(data, size);
  std::vector<uint8_t> out;
  cdma::Workspace ws;  // fresh per input: nothing carries over between inputs
  decode_twice(
      [&](uint8_t* dst) {
        return cdma::split::decode(ws, c.payload.data(), c.payload.size(), c.width, dst, c.dst_size);
      },
      c.dst_size, &out);
  return 0;
}

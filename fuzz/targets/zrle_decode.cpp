// The zero-RLE decoder on its own: dispatched and scalar decoders agree on
// every payload, and an accepted payload is exactly what the encoder writes
// for the decoded content (docs/format-zrle.md: one payload per content).
#include "codec_target.hpp"
#include "codecs/zrle/zrle.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace zrle = cdma::zrle;
  cdma::fuzz::fuzz_block_codec({zrle::decode, zrle::scalar::decode, zrle::encoded_size, zrle::encode, true}, data,
                               size);
  return 0;
}

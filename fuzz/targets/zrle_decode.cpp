// The zero-RLE decoder on its own: dispatched and scalar decoders agree on
// every payload, and what they accept re-encodes to a payload that decodes
// the same (docs/format-zrle.md: a zero element stored as a literal is
// accepted, so payloads are not unique per content).
#include "codec_target.hpp"
#include "codecs/zrle/zrle.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace zrle = cdma::zrle;
  cdma::fuzz::fuzz_block_codec({zrle::decode, zrle::scalar::decode, zrle::encoded_size, zrle::encode, false}, data,
                               size);
  return 0;
}

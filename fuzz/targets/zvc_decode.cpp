// The ZVC decoder on its own: the dispatched (SIMD) decoder and the scalar
// reference accept exactly the same payloads and agree byte for byte, and
// what they accept re-encodes. (ZVC does not promise one payload per
// content: a value of all zero bytes under a set mask bit is accepted.)
#include "codec_target.hpp"
#include "codecs/zvc/zvc.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace zvc = cdma::zvc;
  cdma::fuzz::fuzz_block_codec({zvc::decode, zvc::scalar::decode, zvc::encoded_size, zvc::encode, false}, data,
                               size);
  return 0;
}

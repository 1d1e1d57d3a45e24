// The ZVC decoder on its own: the dispatched (SIMD) decoder and the scalar
// reference accept exactly the same payloads and agree byte for byte, and
// every accepted payload is the one the encoder writes for its output (the
// format gives each payload one meaning).
#include "codec_target.hpp"
#include "codecs/zvc/zvc.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace zvc = cdma::zvc;
  cdma::fuzz::fuzz_canonical_codec({zvc::decode, zvc::scalar::decode, zvc::encoded_size, zvc::encode}, data, size);
  return 0;
}

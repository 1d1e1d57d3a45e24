// Decoder internals shared by the scalar reference (rans_decode.cpp) and
// the SIMD kernels (rans_simd.cpp): the kernels decode whole groups from a
// cursor, and the reference finishes from wherever they stopped, so both
// apply exactly the same checks at the end.
#pragma once

#include <cstddef>
#include <cstdint>

#include "codecs/entropy/rans.hpp"

namespace cdma::entropy {

struct DecodeCursor {
  uint32_t x[kLanesWide];  // the first `lanes` are used
  const uint8_t* words;    // the 16-bit words behind the states
  size_t word_count;
  size_t idx = 0;          // words consumed
  size_t i = 0;            // symbols decoded
};

// Reads the lane states of a stream and checks them and the stream's size
// (invariant 7). Returns 0, or corruption_detected.
size_t start_decode(const uint8_t* src, size_t src_size, unsigned lanes, DecodeCursor* c);

// Decodes symbols c->i .. dst_size - 1 and checks the end state
// (invariant 6). Returns dst_size, or corruption_detected.
size_t finish_decode(DecodeCursor* c, unsigned lanes, const DecTable& t, uint8_t* dst,
                     size_t dst_size);

}  // namespace cdma::entropy

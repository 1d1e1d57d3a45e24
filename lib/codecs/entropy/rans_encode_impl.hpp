// Encoder internals shared by the scalar reference (rans_encode.cpp) and
// the SIMD kernels (rans_simd.cpp): the reference codes the partial group
// at the end of the input, the kernels code whole groups from the cursor,
// and the reference finishes from wherever they stopped, so every path
// writes exactly the same bytes.
#pragma once

#include <cstddef>
#include <cstdint>

#include "codecs/entropy/rans.hpp"

namespace cdma::entropy {

struct EncodeCursor {
  uint32_t x[kLanesWide];  // the first `lanes` are used
  uint8_t* words;          // words are written downwards from words + 2 * room
  size_t room;             // in words
  size_t w;                // free words below those written
  size_t i;                // symbols src[0, i) are still to be coded
};

// Sets up the cursor and codes the partial group at the end of src (the
// symbols from n - n % lanes on). Returns 0, or kNoFit.
size_t start_encode(const uint8_t* src, size_t n, unsigned lanes, const EncTable& t, uint8_t* dst,
                    size_t dst_capacity, EncodeCursor* c);

// Codes the symbols still to be coded (whole groups), then writes the lane
// states and moves the words behind them. Returns the stream size, or kNoFit.
size_t finish_encode(const uint8_t* src, unsigned lanes, const EncTable& t, uint8_t* dst,
                     size_t dst_capacity, EncodeCursor* c);

}  // namespace cdma::entropy

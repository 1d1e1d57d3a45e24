// Encoder internals shared by the scalar reference (rans_encode.cpp) and
// the SIMD kernels (rans_simd.cpp): the reference codes the partial group
// at the end of the input, the kernels code whole groups from the cursor,
// and the reference finishes from wherever they stopped, so every path
// writes exactly the same bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

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

// For the SIMD kernels, which collect a group's words (used of them, at
// block[0, used), in lane order) in a small buffer: copies them below the
// words of the later groups with one fixed 64-byte copy ending at the
// current position, whose junk start lands in free space that earlier
// groups overwrite. block must have kLanesWide readable words before it.
inline void place_block(const uint16_t* block, size_t used, uint8_t* words, size_t* w) {
  std::memcpy(words + 2 * (*w - kLanesWide), block + used - kLanesWide, 2 * kLanesWide);
  *w -= used;
}

}  // namespace cdma::entropy

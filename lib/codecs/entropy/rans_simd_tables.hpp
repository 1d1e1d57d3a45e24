// Constant tables of the SIMD rANS coders (rans_*-inl.h), built at compile
// time, indexed by an 8-bit lane mask m.
#pragma once

#include <cstdint>

namespace cdma::entropy::tables {

struct MaskTable {
  alignas(64) uint8_t v[256][8];
};

// kRank.v[m][k]: number of set bits of m below bit k, i.e. which of the
// loaded words lane k takes when the lanes in mask m refill (decoder).
constexpr MaskTable make_rank_table() {
  MaskTable t{};
  for (unsigned m = 0; m < 256; ++m) {
    unsigned j = 0;
    for (unsigned k = 0; k < 8; ++k) {
      t.v[m][k] = static_cast<uint8_t>(j);
      j += (m >> k) & 1;
    }
  }
  return t;
}

inline constexpr MaskTable kRank = make_rank_table();

// kWordsHigh.v[m]: byte shuffle of 8 words (16 bytes) that puts the words of
// the lanes set in m, in increasing order, at the top, the rest below (the
// AVX2 encoder stores them right-aligned, rans_encode_avx2-inl.h). Highway
// 1.0.3's own Compress on AVX2 copies a 1 KiB table onto the stack at every
// call under GCC 12, which more than halved the encoder's speed
// (bench/kernel-design.md).
struct WordTable {
  alignas(64) uint8_t v[256][16];
};

constexpr WordTable make_words_high() {
  WordTable t{};
  for (unsigned m = 0; m < 256; ++m) {
    unsigned p = 8 - static_cast<unsigned>(__builtin_popcount(m));
    for (unsigned k = 0; k < 16; ++k) t.v[m][k] = static_cast<uint8_t>(k);  // junk: any word
    for (unsigned k = 0; k < 8; ++k) {
      if (!((m >> k) & 1)) continue;
      t.v[m][2 * p] = static_cast<uint8_t>(2 * k);
      t.v[m][2 * p + 1] = static_cast<uint8_t>(2 * k + 1);
      ++p;
    }
  }
  return t;
}

inline constexpr WordTable kWordsHigh = make_words_high();

}  // namespace cdma::entropy::tables

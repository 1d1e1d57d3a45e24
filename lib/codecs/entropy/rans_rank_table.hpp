// Constant table of the SIMD rANS decoder (rans_kernels-inl.h), built at
// compile time.
#pragma once

#include <cstdint>

namespace cdma::entropy::tables {

// kRank.v[m][k]: number of set bits of m below bit k, i.e. which of the
// loaded words lane k takes when the lanes in mask m refill.
struct RankTable {
  alignas(64) uint8_t v[256][8];
};

constexpr RankTable make_rank_table() {
  RankTable t{};
  for (unsigned m = 0; m < 256; ++m) {
    unsigned r = 0;
    for (unsigned k = 0; k < 8; ++k) {
      t.v[m][k] = static_cast<uint8_t>(r);
      r += (m >> k) & 1;
    }
  }
  return t;
}

inline constexpr RankTable kRank = make_rank_table();

}  // namespace cdma::entropy::tables

// Constant tables of the SIMD rANS coders (rans_*_kernels-inl.h), built at
// compile time: for each 8-bit lane mask m, 8 lane indices.
#pragma once

#include <cstdint>

namespace cdma::entropy::tables {

struct MaskTable {
  alignas(64) uint8_t v[256][8];
};

// kRank.v[m][k]: number of set bits of m below bit k, i.e. which of the
// loaded words lane k takes when the lanes in mask m refill (decoder).
// kCompress.v[m]: the lanes set in m, in increasing order, then zeros: the
// TableLookupLanes indices that pack them to the front (encoder; Highway
// 1.0.3's own Compress on AVX2 copies a 1 KiB table onto the stack at every
// call under GCC 12: measured 0.4 against 1.05 GB/s encode).
constexpr MaskTable make_mask_table(bool ranks) {
  MaskTable t{};
  for (unsigned m = 0; m < 256; ++m) {
    unsigned j = 0;
    for (unsigned k = 0; k < 8; ++k) {
      const bool set = (m >> k) & 1;
      if (ranks) t.v[m][k] = static_cast<uint8_t>(j);
      if (!ranks && set) t.v[m][j] = static_cast<uint8_t>(k);
      j += set;
    }
  }
  return t;
}

inline constexpr MaskTable kRank = make_mask_table(true);
inline constexpr MaskTable kCompress = make_mask_table(false);

}  // namespace cdma::entropy::tables

// Shuffle tables of the ZVC SIMD kernels, generated at compile time.
//
// A kernel handles a group of elements whose nonzero flags form a small mask
// m. "Compress" tables gather the nonzero elements of the group to the front
// (encode); "expand" tables scatter packed values back to their lanes
// (decode). Entries past the packed count are don't-care: encode overwrites
// them with the next group, decode zeroes those lanes.
#pragma once

#include <array>
#include <cstdint>

namespace cdma::zvc::tables {

struct Popcount8 {
  std::array<uint8_t, 256> v{};
  constexpr Popcount8() {
    for (int m = 0; m < 256; ++m) v[m] = static_cast<uint8_t>(__builtin_popcount(m));
  }
};
inline constexpr Popcount8 kPopcount8{};

// Lane indices for 32-bit lanes, `kLanesPerElem` lanes per element (1 for
// 4-byte elements, 2 for 8-byte ones), 8 lanes per row. A row for a mask of
// fewer elements is a valid prefix for narrower vectors: indices stay below
// the lane count of the vector they are used with.
template <int kLanesPerElem, int kMasks>
struct LaneTables {
  static constexpr int kElems = 8 / kLanesPerElem;
  alignas(32) int32_t compress[kMasks][8]{};
  alignas(32) int32_t expand[kMasks][8]{};
  constexpr LaneTables() {
    for (int m = 0; m < kMasks; ++m) {
      int packed = 0;
      for (int e = 0; e < kElems; ++e) {
        if (!(m & (1 << e))) continue;
        for (int l = 0; l < kLanesPerElem; ++l) {
          compress[m][packed * kLanesPerElem + l] = e * kLanesPerElem + l;
          expand[m][e * kLanesPerElem + l] = packed * kLanesPerElem + l;
        }
        ++packed;
      }
    }
  }
};
inline constexpr LaneTables<1, 256> kLanes32{};  // 4-byte elements, 8 per row
inline constexpr LaneTables<2, 16> kLanes64{};   // 8-byte elements, 4 per row

// Which mask bit governs each 32-bit lane (TestBit against the broadcast mask).
alignas(32) inline constexpr uint32_t kLaneBit32[8] = {1, 2, 4, 8, 16, 32, 64, 128};
alignas(32) inline constexpr uint32_t kLaneBit64[8] = {1, 1, 2, 2, 4, 4, 8, 8};

// Byte indices for 1- and 2-byte elements, 8 elements per group (one mask
// byte). Expand entries of zero elements are 0x80, which TableLookupBytesOr0
// turns into zero bytes.
template <int kWidth>
struct ByteTables {
  static constexpr int kBytes = 8 * kWidth;
  alignas(16) uint8_t compress[256][16]{};
  alignas(16) uint8_t expand[256][16]{};
  constexpr ByteTables() {
    for (int m = 0; m < 256; ++m) {
      int packed = 0;
      for (int b = 0; b < 16; ++b) expand[m][b] = 0x80;
      for (int e = 0; e < 8; ++e) {
        if (!(m & (1 << e))) continue;
        for (int b = 0; b < kWidth; ++b) {
          compress[m][packed * kWidth + b] = static_cast<uint8_t>(e * kWidth + b);
          expand[m][e * kWidth + b] = static_cast<uint8_t>(packed * kWidth + b);
        }
        ++packed;
      }
    }
  }
};
inline constexpr ByteTables<1> kBytes8{};
inline constexpr ByteTables<2> kBytes16{};

// Tables of the repeat expansion (expand_repeats): element e of a group
// takes packed value rank(e) - 1, where rank(e) counts the set mask bits at
// or before e. Elements before the group's first set bit (rank 0) take the
// value held from the previous group; their entries are negative (the
// kernels select those lanes by sign) and, with the sign bit cleared,
// still valid indices.
struct HoldTables {
  alignas(32) int32_t lanes32[256][8]{};  // 4-byte elements, lane indices
  alignas(16) uint8_t bytes16[256][16]{};  // 2-byte elements, byte indices
  constexpr HoldTables() {
    for (int m = 0; m < 256; ++m) {
      int rank = 0;
      for (int e = 0; e < 8; ++e) {
        rank += (m >> e) & 1;
        const bool held = rank == 0;
        lanes32[m][e] = held ? -8 : rank - 1;  // -8: sign bit set, low bits 0
        for (int b = 0; b < 2; ++b)
          bytes16[m][e * 2 + b] = static_cast<uint8_t>(held ? 0x80 : (rank - 1) * 2 + b);
      }
    }
  }
};
inline constexpr HoldTables kHold{};

}  // namespace cdma::zvc::tables

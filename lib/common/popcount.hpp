// Bit counts without the POPCNT instruction: the baseline x86-64 ISA lacks
// it, so __builtin_popcount compiles to a libgcc call per byte, which cost
// more than the decoding around it. SWAR on 64-bit words needs no CPU feature.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace cdma {

inline unsigned popcount64(uint64_t x) {
  x = x - ((x >> 1) & 0x5555555555555555ULL);
  x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
  x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
  return static_cast<unsigned>((x * 0x0101010101010101ULL) >> 56);
}

// Number of set bits in `size` bytes.
inline size_t popcount_bytes(const uint8_t* p, size_t size) {
  size_t count = 0, i = 0;
  for (; i + 8 <= size; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    count += popcount64(w);
  }
  uint64_t rest = 0;
  if (size > i) std::memcpy(&rest, p + i, size - i);  // p is null when size is 0
  return count + popcount64(rest);
}

}  // namespace cdma

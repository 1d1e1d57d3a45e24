// The pair coding of the zero-RLE Runs section (docs/format-zrle.md). A pair
// is Z zero elements then L >= 1 nonzero ones, stored as codes
//   z = Z for the first pair, Z - 1 after it (later pairs start with a zero,
//       since a nonzero run ends at one), l = L - 1,
// so that every code sequence is a different block and no pair is wasted:
//   token (z_nibble << 4 | l_nibble) | [varint z - 15] | [varint l - 15]
#pragma once

#include <cstddef>
#include <cstdint>

#include "codecs/runs/nibble_code.hpp"

namespace cdma::zrle {

// Largest pair: a token and two 9-byte varints.
inline constexpr size_t kMaxPairBytes = 1 + 2 * runs::kVarintMaxBytes;

// z code of the pair whose zeros are [i, j): i == 0 only for the first pair.
constexpr uint64_t zero_code(size_t i, size_t j) { return i == 0 ? j : j - i - 1; }

constexpr size_t pair_bytes(uint64_t z, uint64_t l) {
  return 1 + runs::ext_bytes(z) + runs::ext_bytes(l);
}

// Writes a pair at p, which has pair_bytes(z, l) bytes of room.
inline uint8_t* write_pair(uint8_t* p, uint64_t z, uint64_t l) {
  *p++ = static_cast<uint8_t>(runs::nibble(z) << 4 | runs::nibble(l));
  p = runs::write_ext(p, z);
  return runs::write_ext(p, l);
}

// Reads a pair from [p, end); false when it is truncated or malformed.
inline bool read_pair(const uint8_t*& p, const uint8_t* end, uint64_t& z, uint64_t& l) {
  if (p == end) return false;
  const unsigned token = *p++;
  return runs::read_code(token >> 4, p, end, z) && runs::read_code(token & 15, p, end, l);
}

}  // namespace cdma::zrle

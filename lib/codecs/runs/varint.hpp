// LEB128 unsigned varints, as the run-length formats store lengths
// (docs/format-zrle.md): 7 bits per byte, least significant group first,
// bit 7 set on every byte but the last.
//
// Decoders accept exactly one encoding per value, so every payload has one
// meaning: at most 9 bytes (values below 2^63, far above any element count)
// and no overlong forms (a last byte of 0x00 after the first).
#pragma once

#include <cstddef>
#include <cstdint>

namespace cdma::runs {

inline constexpr size_t kVarintMaxBytes = 9;
inline constexpr uint64_t kVarintLimit = uint64_t{1} << 63;

constexpr size_t varint_len(uint64_t v) {
  size_t n = 1;
  for (; v >= 0x80; v >>= 7) ++n;
  return n;
}

// Writes v (below kVarintLimit) at p, which has varint_len(v) bytes of room.
inline uint8_t* write_varint(uint8_t* p, uint64_t v) {
  for (; v >= 0x80; v >>= 7) *p++ = static_cast<uint8_t>(v | 0x80);
  *p++ = static_cast<uint8_t>(v);
  return p;
}

// Reads a varint from [p, end) and advances p past it. Returns false, with p
// unspecified, when the varint runs past end, is overlong or too long.
inline bool read_varint(const uint8_t*& p, const uint8_t* end, uint64_t& v) {
  if (p < end && *p < 0x80) {  // one byte: every length below 128
    v = *p++;
    return true;
  }
  uint64_t value = 0;
  for (unsigned shift = 0; shift < 7 * kVarintMaxBytes; shift += 7) {
    if (p == end) return false;
    const uint8_t b = *p++;
    value |= static_cast<uint64_t>(b & 0x7F) << shift;
    if (b < 0x80) {
      v = value;
      return b != 0 || shift == 0;
    }
  }
  return false;
}

}  // namespace cdma::runs

// Lengths stored as a 4-bit nibble of a token byte, extended by a varint
// when the nibble is 15: lengths below 15 cost nothing beyond the token, and
// any length costs at most the token plus 9 bytes. Shared by the zero-RLE
// pairs and the byte RLE tokens (docs/format-zrle.md).
#pragma once

#include <cstddef>
#include <cstdint>

#include "codecs/runs/varint.hpp"

namespace cdma::runs {

inline constexpr uint64_t kNibbleExt = 15;  // nibble value: a varint follows

constexpr unsigned nibble(uint64_t code) {
  return code < kNibbleExt ? static_cast<unsigned>(code) : static_cast<unsigned>(kNibbleExt);
}

// Bytes the code needs after its token.
constexpr size_t ext_bytes(uint64_t code) {
  return code < kNibbleExt ? 0 : varint_len(code - kNibbleExt);
}

inline uint8_t* write_ext(uint8_t* p, uint64_t code) {
  return code < kNibbleExt ? p : write_varint(p, code - kNibbleExt);
}

// Reads the code whose nibble is `nib`, with its varint when nib is 15.
inline bool read_code(unsigned nib, const uint8_t*& p, const uint8_t* end, uint64_t& code) {
  code = nib;
  if (nib < kNibbleExt) return true;
  uint64_t ext;
  if (!read_varint(p, end, ext)) return false;
  code += ext;
  return true;
}

}  // namespace cdma::runs

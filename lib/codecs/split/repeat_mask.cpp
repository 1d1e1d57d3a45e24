#include "codecs/split/repeat_mask.hpp"

#include <cstring>

#include "codecs/split/element_type.hpp"
#include "codecs/zvc/zvc.hpp"
#include "common/endian.hpp"

namespace cdma::split {
namespace {

// Values [first, count) with `prev` the value before `first`; the mask
// bytes from first / 8 on (first is a multiple of 8). Returns literals written.
template <typename T>
size_t extract(const uint8_t* values, size_t first, size_t count, T prev, uint8_t* lit_mask,
               uint8_t* literals) {
  size_t lits = 0;
  // One mask byte per 8 values, built in a register; the literal store is
  // unconditional and only the count moves, so the loop has no branch.
  for (size_t base = first; base < count; base += 8) {
    const size_t end = count - base < 8 ? count - base : 8;
    unsigned byte = 0;
    for (size_t j = 0; j < end; ++j) {
      T v;
      std::memcpy(&v, values + (base + j) * sizeof(T), sizeof(T));
      // Values are nonzero, so value 0 differs from prev = 0: always literal.
      const unsigned lit = v != prev;
      byte |= lit << j;
      std::memcpy(literals + lits * sizeof(T), &v, sizeof(T));
      lits += lit;
      prev = v;
    }
    lit_mask[base / 8] = static_cast<uint8_t>(byte);
  }
  return lits;
}

// The first group in scalar code (value 0 has no predecessor to load), the
// whole groups after it with the SIMD kernel, the rest in scalar code.
template <typename T>
size_t extract_all(const uint8_t* values, size_t count, uint8_t* lit_mask, uint8_t* literals) {
  const size_t head = count < 8 ? count : 8;
  size_t bytes = extract<T>(values, 0, head, T{}, lit_mask, literals) * sizeof(T);
  size_t done = 0;
  if (count > 8) {
    // Room for every literal: the caller's buffer holds `count` values.
    bytes += zvc::extract_changed_groups(values + 8 * sizeof(T), (count - 8) / 8, sizeof(T), lit_mask + 1,
                                         literals + bytes, literals + count * sizeof(T), &done);
  }
  const size_t next = 8 + done * 8;
  if (next < count) {
    T prev;
    std::memcpy(&prev, values + (next - 1) * sizeof(T), sizeof(T));
    bytes += extract<T>(values, next, count, prev, lit_mask, literals + bytes) * sizeof(T);
  }
  return bytes / sizeof(T);
}

}  // namespace

size_t extract_literals(const uint8_t* values, size_t count, unsigned width, uint8_t* lit_mask,
                        uint8_t* literals) {
  return with_element_type(width, [&](auto t) {
    return extract_all<decltype(t)>(values, count, lit_mask, literals);
  });
}

size_t extract_literals_scalar(const uint8_t* values, size_t count, unsigned width, uint8_t* lit_mask,
                               uint8_t* literals) {
  return with_element_type(width, [&](auto t) {
    return extract<decltype(t)>(values, 0, count, decltype(t){0}, lit_mask, literals);
  });
}

}  // namespace cdma::split

// The renormalisation steps of the scalar rANS loops, without branches.
// Whether a lane renormalises is close to a coin toss on compressible data,
// and GCC compiles `c ? a : b` there into a branch that mispredicts on
// nearly every other symbol (the speeds it gave: bench/kernel-design.md).
// On x86-64 one asm block does compare, cmov and the index update off the
// same flags; other targets get the plain expressions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "codecs/entropy/rans.hpp"

namespace cdma::entropy {

// Decoder (invariant 4): when x < kStateLow, returns x << 16 | word and
// advances the word index; otherwise returns x. `word` is read by the caller
// whether or not it is used.
inline uint32_t refill(uint32_t x, uint32_t word, size_t& idx) {
  const uint32_t y = x << 16 | word;
#if defined(__x86_64__) && defined(__GNUC__)
  asm("cmpl %[low], %[x]\n\t"
      "cmovb %[y], %[x]\n\t"
      "adcq $0, %[idx]"
      : [x] "+r"(x), [idx] "+r"(idx)
      : [y] "r"(y), [low] "i"(kStateLow)
      : "cc");
  return x;
#else
  const bool low = x < kStateLow;
  idx += low;
  return low ? y : x;
#endif
}

// Encoder (invariant 4): when x >= x_max, returns x >> 16 and steps the
// word index down (the caller has stored x's low word below it); otherwise
// returns x.
inline uint32_t shed(uint32_t x, uint32_t x_max, size_t& idx) {
  const uint32_t y = x >> 16;
#if defined(__x86_64__) && defined(__GNUC__)
  asm("cmpl %[x_max], %[x]\n\t"
      "cmovae %[y], %[x]\n\t"
      "adcq $-1, %[idx]"
      : [x] "+r"(x), [idx] "+r"(idx)
      : [y] "r"(y), [x_max] "rm"(x_max)
      : "cc");
  return x;
#else
  const bool emit = x >= x_max;
  idx -= emit;
  return emit ? y : x;
#endif
}

// Unaligned little-endian 16-bit word: one move (common/endian.hpp's
// load_le16/store_le16 assemble bytes, which costs two on the hot path).
inline uint32_t load_word(const uint8_t* p) {
  uint16_t v;
  std::memcpy(&v, p, 2);
  return v;
}
inline void store_word(uint8_t* p, uint32_t v) {
  const auto w = static_cast<uint16_t>(v);
  std::memcpy(p, &w, 2);
}

}  // namespace cdma::entropy

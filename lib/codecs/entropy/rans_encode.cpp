// Interleaved rANS encoder, scalar reference (invariants in rans.hpp).
// Symbols are coded last first; words are written downwards from the end
// of dst, then moved down behind the lane states once their size is known.
#include <cstring>

#include "codecs/entropy/branchless.hpp"
#include "codecs/entropy/entropy.hpp"
#include "codecs/entropy/rans.hpp"
#include "codecs/entropy/rans_encode_impl.hpp"

namespace cdma::entropy {

namespace {

inline uint32_t code(uint32_t x, const EncSymbol& e) {
  const auto q = static_cast<uint32_t>((uint64_t{x} * e.rcp) >> e.shift);
  return x + e.bias + q * e.cmpl;
}

// One encoding step on one lane, for when a free word surely exists: the
// low word of x is stored at the next free word unconditionally and kept
// only when shed() decides to emit it.
inline uint32_t put(uint32_t x, const EncSymbol& e, uint8_t* words, size_t& w) {
  store_word(words + 2 * (w - 1), x);
  return code(shed(x, e.x_max, w), e);
}

// The same with a bounds check, for the last free words. False when a word
// must be emitted and none is free.
inline bool put_checked(uint32_t& x, const EncSymbol& e, uint8_t* words, size_t& w) {
  if (x >= e.x_max) {
    if (w == 0) return false;
    store_word(words + 2 * --w, x);
    x >>= 16;
  }
  x = code(x, e);
  return true;
}

// Whole groups, last lane first (the mirror of the decoder), while a whole
// group's words surely fit; then the rest with checks.
template <unsigned kN>
bool finish_groups(const uint8_t* src, const EncTable& t, EncodeCursor* c) {
  uint32_t x[kN];
  for (unsigned k = 0; k < kN; ++k) x[k] = c->x[k];
  uint8_t* const words = c->words;
  size_t w = c->w;
  size_t i = c->i;
  for (; i > 0 && w >= kN; i -= kN) {
    const uint8_t* g = src + i - kN;
#pragma GCC unroll 32
    for (unsigned j = 0; j < kN; ++j) {
      const unsigned k = kN - 1 - j;
      x[k] = put(x[k], t.sym[g[k]], words, w);
    }
  }
  for (; i > 0; --i)
    if (!put_checked(x[(i - 1) % kN], t.sym[src[i - 1]], words, w)) return false;
  for (unsigned k = 0; k < kN; ++k) c->x[k] = x[k];
  c->w = w;
  c->i = 0;
  return true;
}

}  // namespace

size_t start_encode(const uint8_t* src, size_t n, unsigned lanes, const EncTable& t, uint8_t* dst,
                    size_t dst_capacity, EncodeCursor* c) {
  // Words go down to the smallest possible states; the real states' size is
  // known, and checked, only at the end.
  const size_t floor = lanes * kStateMinBytes;
  if (dst_capacity < floor) return kNoFit;
  c->words = dst + floor;
  c->room = (dst_capacity - floor) / 2;
  c->w = c->room;
  for (unsigned k = 0; k < lanes; ++k) c->x[k] = kStateLow;
  const size_t full = n - n % lanes;
  for (size_t i = n; i > full; --i)
    if (!put_checked(c->x[i - 1 - full], t.sym[src[i - 1]], c->words, c->w)) return kNoFit;
  c->i = full;
  return 0;
}

size_t finish_encode(const uint8_t* src, unsigned lanes, const EncTable& t, uint8_t* dst,
                     size_t dst_capacity, EncodeCursor* c) {
  const bool ok = lanes == kLanesWide ? finish_groups<kLanesWide>(src, t, c)
                                      : finish_groups<kLanesNarrow>(src, t, c);
  if (!ok) return kNoFit;
  size_t states = 0;
  for (unsigned k = 0; k < lanes; ++k) states += state_bytes(c->x[k]);
  const size_t used = 2 * (c->room - c->w);
  if (states + used > dst_capacity) return kNoFit;
  std::memmove(dst + states, c->words + 2 * c->w, used);
  uint8_t* p = dst;
  for (unsigned k = 0; k < lanes; ++k) p += write_state(c->x[k], p);
  return states + used;
}

namespace scalar {

size_t rans_encode(const uint8_t* src, size_t n, unsigned lanes, const EncTable& t, uint8_t* dst,
                   size_t dst_capacity) {
  EncodeCursor c;
  if (start_encode(src, n, lanes, t, dst, dst_capacity, &c) == kNoFit) return kNoFit;
  return finish_encode(src, lanes, t, dst, dst_capacity, &c);
}

}  // namespace scalar
}  // namespace cdma::entropy

// Interleaved rANS decoder, scalar reference (invariants in rans.hpp). A
// fast loop decodes whole groups while the input surely holds every word a
// group could read, then the remaining whole groups from a padded copy of
// the last words; a checked loop finishes the partial group.
#include <cstring>

#include "codecs/entropy/branchless.hpp"
#include "codecs/entropy/entropy.hpp"
#include "codecs/entropy/rans.hpp"
#include "codecs/entropy/rans_decode_impl.hpp"
#include "common/error.hpp"

namespace cdma::entropy {

namespace {

// Decoding step without renormalisation: writes the symbol, returns the new
// state (invariant 3; the table supplies s, f and slot - c). The table log
// is a template argument so that shifts and masks are immediates.
template <unsigned kLog>
inline uint32_t step(uint32_t x, const uint32_t* slots, uint8_t* out) {
  const uint32_t e = slots[x & ((1u << kLog) - 1)];
  *out = static_cast<uint8_t>(e);
  return (e >> 20) * (x >> kLog) + ((e >> 8) & 0xFFF);
}

// One group of kN symbols, lane by lane, refilling without checks: the
// caller guarantees that kN words can be read from words + 2 * idx.
template <unsigned kN, unsigned kLog>
inline void decode_group(uint32_t (&x)[kN], const uint32_t* slots, const uint8_t* words, size_t& idx,
                         uint8_t* out) {
#pragma GCC unroll 32
  for (unsigned k = 0; k < kN; ++k) x[k] = refill(step<kLog>(x[k], slots, out + k), load_word(words + 2 * idx), idx);
}

template <unsigned kN, unsigned kLog>
size_t finish_lanes(DecodeCursor* c, const uint32_t* slots, uint8_t* dst, size_t dst_size) {
  uint32_t x[kN];
  for (unsigned k = 0; k < kN; ++k) x[k] = c->x[k];
  const uint8_t* const words = c->words;
  const size_t count = c->word_count;
  size_t idx = c->idx;
  size_t i = c->i;

  // A group reads at most kN words, each loaded before it is known to be
  // needed (refill), so the loop stops kN words before the end.
  const size_t full = dst_size - dst_size % kN;
  for (; i < full && count - idx >= kN; i += kN) decode_group<kN, kLog>(x, slots, words, idx, dst + i);
  // The whole groups left read the last (fewer than kN) words: they still
  // decode without checks from a copy padded with kN words, since a group
  // that starts with at most `left` words consumed reads inside the copy.
  // At the end of a stream the words are few per symbol (a word per 8
  // symbols at 2 bits each), so this spares the checked loop up to a few
  // hundred symbols per 32-lane stream. A valid stream never consumes more
  // than `left`; an invalid one that does is stopped and rejected.
  if (i < full) {
    const size_t left = count - idx;
    uint8_t tail[2 * 2 * kN] = {};
    std::memcpy(tail, words + 2 * idx, 2 * left);
    size_t t = 0;
    for (; i < full && t <= left; i += kN) decode_group<kN, kLog>(x, slots, tail, t, dst + i);
    CDMA_RETURN_ERROR_IF(t > left, corruption_detected);
    idx += t;
  }
  // Checked loop: the partial group.
  for (; i < dst_size; ++i) {
    uint32_t& xl = x[i % kN];
    xl = step<kLog>(xl, slots, dst + i);
    if (xl < kStateLow) {
      CDMA_RETURN_ERROR_IF(idx == count, corruption_detected);
      xl = xl << 16 | load_word(words + 2 * idx++);
    }
  }
  CDMA_RETURN_ERROR_IF(idx != count, corruption_detected);  // invariant 6
  for (unsigned k = 0; k < kN; ++k) CDMA_RETURN_ERROR_IF(x[k] != kStateLow, corruption_detected);
  return dst_size;
}

}  // namespace

size_t start_decode(const uint8_t* src, size_t src_size, unsigned lanes, DecodeCursor* c) {
  const uint8_t* p = src;
  const uint8_t* const end = src + src_size;
  for (unsigned k = 0; k < lanes; ++k) {
    // write_state()'s two forms; each must hold a state of its own range,
    // so that a state has one encoding and invariant 7 holds.
    CDMA_RETURN_ERROR_IF(end - p < 1, corruption_detected);
    const bool wide = (p[0] & 1) != 0;
    const size_t bytes = wide ? kStateMaxBytes : kStateMinBytes;
    CDMA_RETURN_ERROR_IF(static_cast<size_t>(end - p) < bytes, corruption_detected);
    uint32_t v = 0;
    for (size_t b = 0; b < bytes; ++b) v |= uint32_t{p[b]} << (8 * b);
    const uint32_t x = v >> 1;
    CDMA_RETURN_ERROR_IF(x < (wide ? kStateShort : kStateLow), corruption_detected);
    c->x[k] = x;
    p += bytes;
  }
  CDMA_RETURN_ERROR_IF((end - p) % 2 != 0, corruption_detected);
  c->words = p;
  c->word_count = static_cast<size_t>(end - p) / 2;
  c->idx = 0;
  c->i = 0;
  return 0;
}

size_t finish_decode(DecodeCursor* c, unsigned lanes, const DecTable& t, uint8_t* dst,
                     size_t dst_size) {
  size_t r = 0;
  with_table_log(t.table_log, [&](auto log) {
    r = lanes == kLanesWide ? finish_lanes<kLanesWide, log()>(c, t.slot, dst, dst_size)
                            : finish_lanes<kLanesNarrow, log()>(c, t.slot, dst, dst_size);
  });
  return r;
}

namespace scalar {

size_t rans_decode(const uint8_t* src, size_t src_size, unsigned lanes, const DecTable& t,
                   uint8_t* dst, size_t dst_size) {
  DecodeCursor c;
  CDMA_FORWARD_IF_ERROR(start_decode(src, src_size, lanes, &c));
  return finish_decode(&c, lanes, t, dst, dst_size);
}

}  // namespace scalar
}  // namespace cdma::entropy

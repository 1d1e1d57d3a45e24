// Encoder and decoder tables of a normalized frequency table (rans.hpp).
#include <cstring>

#include <hwy/highway.h>

#include "codecs/entropy/rans.hpp"
#include "codecs/entropy/symbol_set.hpp"

namespace cdma::entropy {

namespace {

// The baseline target's vectors (no dispatch: filling slots is a few
// stores per symbol on any target).
namespace hn = hwy::HWY_NAMESPACE;

// ceil(log2(f)) for 1 <= f < 2^31, as floor(log2(2f - 1)): no branch for f = 1.
unsigned ceil_log2(uint32_t f) { return 31 - static_cast<unsigned>(__builtin_clz(2 * f - 1)); }

// rcp = ceil(2^(31+l) / f) with l = ceil(log2(f)) is below 2^32 (as
// f > 2^(l-1)), and its error e = rcp * f - 2^(31+l) < f <= 2^l keeps
// x * e < 2^(31+l) for x < 2^31, so (x * rcp) >> (31+l) == x / f exactly.
// It is floor((2^(31+l) + f - 1) / f), taken in double precision: the
// numerator is below 2^44, so exact, the quotient below 2^32 is rounded by
// at most 2^-21 while a non-integer quotient lies at least 1/f >= 2^-12
// from the integers around it, so truncation gives the exact floor. A
// double division pipelines; a 64-bit integer one takes up to ~90 cycles
// on older cores, and a table builds up to 256 of them.
// (Signed 64-bit integers convert to and from double in one instruction.)
uint32_t reciprocal(uint32_t f, unsigned log_f) {
  const auto num = static_cast<double>((int64_t{1} << (31 + log_f)) + f - 1);
  return static_cast<uint32_t>(static_cast<int64_t>(num / static_cast<int32_t>(f)));
}

EncSymbol enc_symbol(uint32_t f, uint32_t c, unsigned table_log) {
  EncSymbol e;
  const unsigned log_f = ceil_log2(f);
  e.x_max = ((kStateLow >> table_log) << 16) * f;
  e.rcp = reciprocal(f, log_f);
  e.shift = 31 + log_f;
  e.bias = static_cast<uint16_t>(c);
  e.cmpl = static_cast<uint16_t>((uint32_t{1} << table_log) - f);
  return e;
}

// a[0, 256) = v by doubling copies: memcpy stores whole vectors, where a
// loop stores a 16-byte EncSymbol as two 8-byte halves.
template <class T>
void fill(T* a, const T& v) {
  a[0] = v;
  for (size_t k = 1; k < 256; k *= 2) std::memcpy(a + k, a, k * sizeof(T));
}

// The f slots of symbol s: s | j << 8 | f << 20 for j = 0 .. f - 1, a
// vector (baseline target: 4 slots) per step. The last step may write up
// to a vector's lanes - 1 past them, over the next symbol's slots (written
// after) or into DecTable's padding. HWY_ATTR: on aarch64 the baseline
// target (NEON with AES) needs more than the compiler's default flags give.
HWY_ATTR void fill_slots(uint32_t* slot, uint32_t s, uint32_t f) {
  const hn::CappedTag<uint32_t, kDecodeFillStep> d;
  const auto lanes = static_cast<uint32_t>(hn::Lanes(d));
  auto v = hn::Add(hn::Set(d, s | f << 20), hn::ShiftLeft<8>(hn::Iota(d, 0)));
  const auto next = hn::Set(d, lanes << 8);
  for (uint32_t j = 0; j < f; j += lanes, v = hn::Add(v, next)) hn::StoreU(v, d, slot + j);
}

}  // namespace

void build_encoder(const uint16_t norm[256], unsigned table_log, EncTable* t) {
  t->table_log = table_log;
  // Absent symbols get the entry of f = 1 at c = 0: never used, but the SIMD
  // encoder loads whole vectors of rcp[] and packed[] around the present
  // symbols, so every entry holds a value. Constant stores, then the
  // present symbols in order.
  const EncSymbol absent = enc_symbol(1, 0, table_log);
  fill(t->sym, absent);
  fill(t->rcp, absent.rcp);
  fill(t->packed, uint32_t{1});
  const SymbolSet set = present_symbols(norm);
  uint32_t cum = 0;
  for_each_symbol(set, [&](unsigned s) {
    const uint32_t f = norm[s];
    const EncSymbol e = enc_symbol(f, cum, table_log);
    t->sym[s] = e;
    t->rcp[s] = e.rcp;
    t->packed[s] = f | cum << 12 | (e.shift - 31) << 24;
    cum += f;
  });
  t->lo_symbol = first_symbol(set);
  t->hi_symbol = last_symbol(set);
}

void build_decoder(const uint16_t norm[256], unsigned table_log, DecTable* t) {
  t->table_log = table_log;
  uint32_t* slot = t->slot;
  for_each_symbol(present_symbols(norm), [&](unsigned s) {
    fill_slots(slot, s, norm[s]);
    slot += norm[s];
  });
}

}  // namespace cdma::entropy

// The present symbols of a 256-entry table (histogram or normalized
// frequencies) as a 256-bit set. Describing a table needs its runs of
// present symbols, their number and the present symbols in order; on the
// set these are a few word operations, where a walk over the 256 entries
// costs a compare and a branch per entry, per stream.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "common/popcount.hpp"

namespace cdma::entropy {

struct SymbolSet {
  uint64_t word[4];  // bit s % 64 of word s / 64: symbol s
};

// The symbols s with v[s] != 0. The compare loop vectorizes (compares and
// packs into one flag byte per symbol); a multiply then gathers each 8 flag
// bytes into 8 bits: flag byte k lands on bit 56 + k, and no two partial
// products meet below bit 64.
template <class T>
inline SymbolSet present_symbols(const T v[256]) {
  uint8_t flag[256];
  for (unsigned s = 0; s < 256; ++s) flag[s] = v[s] != 0;
  SymbolSet set = {};
  for (unsigned i = 0; i < 32; ++i) {
    uint64_t f;
    std::memcpy(&f, flag + 8 * i, 8);
    set.word[i / 8] |= (f * 0x0102040810204080ULL) >> 56 << (8 * (i % 8));
  }
  return set;
}

inline unsigned count(const SymbolSet& set) {
  unsigned n = 0;
  for (uint64_t w : set.word) n += popcount64(w);
  return n;
}

// The first symbol of each maximal run of present symbols.
inline SymbolSet run_starts(const SymbolSet& set) {
  SymbolSet starts;
  uint64_t carry = 0;  // whether the symbol before the word is present
  for (unsigned i = 0; i < 4; ++i) {
    starts.word[i] = set.word[i] & ~(set.word[i] << 1 | carry);
    carry = set.word[i] >> 63;
  }
  return starts;
}

// The last symbol of each maximal run of present symbols.
inline SymbolSet run_ends(const SymbolSet& set) {
  SymbolSet ends;
  uint64_t carry = 0;  // whether the symbol after the word is present, at bit 63
  for (unsigned i = 4; i-- > 0;) {
    ends.word[i] = set.word[i] & ~(set.word[i] >> 1 | carry);
    carry = set.word[i] << 63;
  }
  return ends;
}

// Adds the symbols first .. first + count - 1 (first + count <= 256).
inline void add_range(SymbolSet& set, unsigned first, unsigned count) {
  const unsigned end = first + count;
  for (unsigned i = 0; i < 4; ++i) {
    const unsigned lo = first > 64 * i ? first : 64 * i;
    const unsigned hi = end < 64 * i + 64 ? end : 64 * i + 64;
    if (lo < hi) set.word[i] |= ~uint64_t{0} >> (64 - (hi - lo)) << (lo - 64 * i);
  }
}

// Calls f(s) for each symbol of the set, in increasing order.
template <class F>
inline void for_each_symbol(const SymbolSet& set, F&& f) {
  for (unsigned i = 0; i < 4; ++i)
    for (uint64_t w = set.word[i]; w != 0; w &= w - 1)
      f(64 * i + static_cast<unsigned>(__builtin_ctzll(w)));
}

// Smallest and largest symbol of the set; 255 and 0 for an empty one.
inline unsigned first_symbol(const SymbolSet& set) {
  for (unsigned i = 0; i < 4; ++i)
    if (set.word[i] != 0) return 64 * i + static_cast<unsigned>(__builtin_ctzll(set.word[i]));
  return 255;
}
inline unsigned last_symbol(const SymbolSet& set) {
  for (unsigned i = 4; i-- > 0;)
    if (set.word[i] != 0) return 64 * i + 63 - static_cast<unsigned>(__builtin_clzll(set.word[i]));
  return 0;
}

// ---- Table description sizes (docs/format-entropy.md, "Table") ---------------

inline constexpr unsigned kMaxRuns = 16;
inline constexpr size_t kBitmapBytes = 32;

// Run_Count and the runs, or the bitmap when there are more than kMaxRuns.
constexpr size_t symbol_set_size(unsigned runs) { return 1 + (runs <= kMaxRuns ? 2 * runs : kBitmapBytes); }

// Frequencies f take a one-byte varint (f - 1 < 128) up to this value.
inline constexpr uint32_t kMaxOneByteFreq = 128;

// The whole description: Table_Log, the symbol set, one byte per present
// symbol and a second one for each frequency above kMaxOneByteFreq.
constexpr size_t described_size(unsigned runs, unsigned present, unsigned two_byte) {
  return 1 + symbol_set_size(runs) + present + two_byte;
}

}  // namespace cdma::entropy

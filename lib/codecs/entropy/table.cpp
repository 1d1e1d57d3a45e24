// Table description (docs/format-entropy.md, "Table"):
//   Table_Log | Symbol_Set | one varint (f - 1) per present symbol, ascending
// Symbol_Set is a list of up to 16 runs of present symbols, each as the
// (absent symbols skipped, run length - 1) byte pair, or a 32-byte bitmap
// when more runs are needed, so it never takes more than 33 bytes. Typical
// streams (exponent bytes: one run; full byte planes: one run) take 3.
#include <cstring>

#include "codecs/entropy/entropy.hpp"
#include "codecs/entropy/symbol_set.hpp"
#include "common/endian.hpp"
#include "common/error.hpp"

namespace cdma::entropy {

namespace {

// Frequencies above kMaxOneByteFreq; the loop vectorizes.
unsigned count_two_byte(const uint16_t norm[256]) {
  unsigned n = 0;
  for (unsigned s = 0; s < 256; ++s) n += norm[s] > kMaxOneByteFreq;
  return n;
}

unsigned count_runs(const SymbolSet& set) { return count(run_starts(set)); }

// The (skip, length - 1) pairs of the runs (at most kMaxRuns): the k-th run
// goes from the k-th run start to the k-th run end.
uint8_t* write_runs(const SymbolSet& set, unsigned runs, uint8_t* p) {
  unsigned first[kMaxRuns], last[kMaxRuns];
  unsigned k = 0;
  for_each_symbol(run_starts(set), [&](unsigned s) { first[k++] = s; });
  k = 0;
  for_each_symbol(run_ends(set), [&](unsigned s) { last[k++] = s; });
  unsigned next = 0;  // first symbol after the previous run
  for (k = 0; k < runs; ++k) {
    *p++ = static_cast<uint8_t>(first[k] - next);
    *p++ = static_cast<uint8_t>(last[k] - first[k]);
    next = last[k] + 1;
  }
  return p;
}

uint8_t* write_bitmap(const SymbolSet& set, uint8_t* p) {
  for (unsigned i = 0; i < 4; ++i) store_le64(p + 8 * i, set.word[i]);
  return p + kBitmapBytes;
}

// Writes v < 2^14 as a varint and always stores a second byte, so that the
// length is a computed step, not a branch; the next varint overwrites that
// byte when v takes one.
uint8_t* put_varint_over(uint8_t* p, uint32_t v) {
  const bool two = v > 127;
  p[0] = static_cast<uint8_t>(v | (two ? 0x80 : 0));
  p[1] = static_cast<uint8_t>(v >> 7);
  return p + 1 + (two ? 1 : 0);
}

// f - 1 of each present symbol, in increasing order; the last one without
// the spare byte, which may lie past the table.
uint8_t* write_frequencies(const SymbolSet& set, const uint16_t norm[256], uint8_t* p) {
  if (count(set) == 0) return p;
  const unsigned last = last_symbol(set);
  SymbolSet rest = set;
  rest.word[last / 64] &= ~(uint64_t{1} << (last % 64));
  for_each_symbol(rest, [&](unsigned s) { p = put_varint_over(p, norm[s] - 1u); });
  const uint32_t v = norm[last] - 1u;
  *p++ = static_cast<uint8_t>(v > 127 ? v | 0x80 : v);
  if (v > 127) *p++ = static_cast<uint8_t>(v >> 7);
  return p;
}

}  // namespace

size_t table_size(const uint16_t norm[256]) {
  const SymbolSet set = present_symbols(norm);
  return described_size(count_runs(set), count(set), count_two_byte(norm));
}

size_t write_table(const uint16_t norm[256], unsigned table_log, uint8_t* dst, size_t dst_capacity) {
  const SymbolSet set = present_symbols(norm);
  const unsigned runs = count_runs(set);
  const size_t size = described_size(runs, count(set), count_two_byte(norm));
  if (dst_capacity < size) return kNoFit;
  uint8_t* p = dst;
  *p++ = static_cast<uint8_t>(table_log);
  *p++ = static_cast<uint8_t>(runs <= kMaxRuns ? runs : 0);
  p = runs <= kMaxRuns ? write_runs(set, runs, p) : write_bitmap(set, p);
  write_frequencies(set, norm, p);
  return size;
}

size_t read_table(const uint8_t* src, size_t src_size, uint16_t norm[256], unsigned* table_log) {
  const uint8_t* p = src;
  const uint8_t* const end = src + src_size;
  CDMA_RETURN_ERROR_IF(end - p < 2, corruption_detected);
  const unsigned log = *p++;
  CDMA_RETURN_ERROR_IF(log < kMinTableLog || log > kMaxTableLog, corruption_detected);
  const unsigned runs = *p++;
  CDMA_RETURN_ERROR_IF(runs > kMaxRuns, corruption_detected);

  SymbolSet set = {};
  if (runs == 0) {
    CDMA_RETURN_ERROR_IF(static_cast<size_t>(end - p) < kBitmapBytes, corruption_detected);
    for (unsigned i = 0; i < 4; ++i) set.word[i] = load_le64(p + 8 * i);
    p += kBitmapBytes;
  } else {
    CDMA_RETURN_ERROR_IF(static_cast<size_t>(end - p) < 2 * runs, corruption_detected);
    unsigned s = 0;
    for (unsigned i = 0; i < runs; ++i) {
      const unsigned skip = *p++;
      const unsigned len = *p++ + 1u;
      // Runs are maximal, so only the first may start without a gap.
      CDMA_RETURN_ERROR_IF(i > 0 && skip == 0, corruption_detected);
      CDMA_RETURN_ERROR_IF(s + skip + len > 256, corruption_detected);
      add_range(set, s + skip, len);
      s += skip + len;
    }
  }

  // The frequencies, for the present symbols only (the loop stops at the
  // first bad one, so it is written out rather than with for_each_symbol).
  std::memset(norm, 0, 256 * sizeof(uint16_t));
  const uint32_t m = uint32_t{1} << log;
  uint32_t sum = 0;
  for (unsigned w = 0; w < 4; ++w)
    for (uint64_t bits = set.word[w]; bits != 0; bits &= bits - 1) {
      CDMA_RETURN_ERROR_IF(p == end, corruption_detected);
      uint32_t v = *p++;
      if (v & 0x80) {
        CDMA_RETURN_ERROR_IF(p == end, corruption_detected);
        const uint32_t hi = *p++;
        // Two bytes at most, and no redundant zero high byte: one encoding per value.
        CDMA_RETURN_ERROR_IF(hi == 0 || hi >= 0x80, corruption_detected);
        v = (v & 0x7F) | hi << 7;
      }
      sum += v + 1;
      CDMA_RETURN_ERROR_IF(sum > m, corruption_detected);  // also keeps each f < 2^16
      norm[64 * w + static_cast<unsigned>(__builtin_ctzll(bits))] = static_cast<uint16_t>(v + 1);
    }
  const unsigned present = count(set);
  CDMA_RETURN_ERROR_IF(sum != m || present < 2, corruption_detected);
  *table_log = log;
  return static_cast<size_t>(p - src);
}

}  // namespace cdma::entropy

// Table description (docs/format-entropy.md, "Table"):
//   Table_Log | Symbol_Set | one varint (f - 1) per present symbol, ascending
// Symbol_Set is a list of up to 16 runs of present symbols, each as the
// (absent symbols skipped, run length - 1) byte pair, or a 32-byte bitmap
// when more runs are needed, so it never takes more than 33 bytes. Typical
// streams (exponent bytes: one run; full byte planes: one run) take 3.
#include <cstring>

#include "codecs/entropy/entropy.hpp"
#include "common/error.hpp"

namespace cdma::entropy {

namespace {

constexpr unsigned kMaxRuns = 16;
constexpr size_t kBitmapBytes = 32;

struct Runs {
  unsigned count = 0;
  uint8_t skip[256];
  uint8_t len_minus_1[256];
};

Runs find_runs(const uint16_t norm[256]) {
  Runs r;
  unsigned s = 0;
  while (true) {
    const unsigned start = s;
    while (s < 256 && norm[s] == 0) ++s;
    if (s == 256) return r;
    const unsigned first = s;
    while (s < 256 && norm[s] != 0) ++s;
    r.skip[r.count] = static_cast<uint8_t>(first - start);
    r.len_minus_1[r.count] = static_cast<uint8_t>(s - first - 1);
    ++r.count;
  }
}

size_t set_size(const Runs& r) { return 1 + (r.count <= kMaxRuns ? 2 * r.count : kBitmapBytes); }

// Frequencies are below 2^12, so a varint takes one or two bytes.
size_t varint_size(uint32_t v) { return v < 128 ? 1 : 2; }

size_t table_size(const Runs& r, const uint16_t norm[256]) {
  size_t size = 1 + set_size(r);
  for (unsigned s = 0; s < 256; ++s)
    if (norm[s] != 0) size += varint_size(norm[s] - 1u);
  return size;
}

}  // namespace

size_t table_size(const uint16_t norm[256]) { return table_size(find_runs(norm), norm); }

size_t write_table(const uint16_t norm[256], unsigned table_log, uint8_t* dst, size_t dst_capacity) {
  const Runs r = find_runs(norm);
  if (dst_capacity < table_size(r, norm)) return kNoFit;
  uint8_t* p = dst;
  *p++ = static_cast<uint8_t>(table_log);
  if (r.count <= kMaxRuns) {
    *p++ = static_cast<uint8_t>(r.count);
    for (unsigned i = 0; i < r.count; ++i) {
      *p++ = r.skip[i];
      *p++ = r.len_minus_1[i];
    }
  } else {
    *p++ = 0;
    std::memset(p, 0, kBitmapBytes);
    for (unsigned s = 0; s < 256; ++s)
      if (norm[s] != 0) p[s / 8] |= static_cast<uint8_t>(1u << (s % 8));
    p += kBitmapBytes;
  }
  for (unsigned s = 0; s < 256; ++s) {
    if (norm[s] == 0) continue;
    const uint32_t v = norm[s] - 1u;
    if (v < 128) {
      *p++ = static_cast<uint8_t>(v);
    } else {
      *p++ = static_cast<uint8_t>(v | 0x80);
      *p++ = static_cast<uint8_t>(v >> 7);
    }
  }
  return static_cast<size_t>(p - dst);
}

size_t read_table(const uint8_t* src, size_t src_size, uint16_t norm[256], unsigned* table_log) {
  const uint8_t* p = src;
  const uint8_t* const end = src + src_size;
  CDMA_RETURN_ERROR_IF(end - p < 2, corruption_detected);
  const unsigned log = *p++;
  CDMA_RETURN_ERROR_IF(log < kMinTableLog || log > kMaxTableLog, corruption_detected);
  const unsigned runs = *p++;
  CDMA_RETURN_ERROR_IF(runs > kMaxRuns, corruption_detected);

  // Mark present symbols with 1; frequencies replace the marks below.
  std::memset(norm, 0, 256 * sizeof(uint16_t));
  if (runs == 0) {
    CDMA_RETURN_ERROR_IF(static_cast<size_t>(end - p) < kBitmapBytes, corruption_detected);
    for (unsigned s = 0; s < 256; ++s) norm[s] = (p[s / 8] >> (s % 8)) & 1;
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
      s += skip;
      for (unsigned j = 0; j < len; ++j) norm[s++] = 1;
    }
  }

  const uint32_t m = uint32_t{1} << log;
  uint32_t sum = 0;
  unsigned present = 0;
  for (unsigned s = 0; s < 256; ++s) {
    if (norm[s] == 0) continue;
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
    norm[s] = static_cast<uint16_t>(v + 1);
    ++present;
  }
  CDMA_RETURN_ERROR_IF(sum != m || present < 2, corruption_detected);
  *table_log = log;
  return static_cast<size_t>(p - src);
}

}  // namespace cdma::entropy

// Byte histogram. Byte k of every 8 counts into sub-histogram k: a stream
// of few distinct bytes (an exponent plane) would otherwise increment the
// same counter back to back and wait on its own store every time. The
// sub-histograms are 16-bit (4 KiB in all, and byte loads need no shifts),
// folded into the 32-bit result every kChunk bytes, before any can
// overflow. This beat 32-bit counters fed by shifts from 64-bit loads and
// 4 tables (figures: bench/kernel-design.md).
#include <algorithm>
#include <cstring>

#include "codecs/entropy/entropy.hpp"

namespace cdma::entropy {

namespace {

constexpr unsigned kTables = 8;
// Each sub-histogram sees 1/8 of a chunk's bytes: at most 32768 < 2^16.
constexpr size_t kChunk = size_t{256} << 10;

}  // namespace

unsigned histogram(const uint8_t* src, size_t n, uint32_t hist[256]) {
  uint16_t c[kTables][256];
  std::memset(hist, 0, 256 * sizeof(uint32_t));
  size_t i = 0;
  while (n - i >= 16) {
    std::memset(c, 0, sizeof(c));
    const size_t end = i + std::min(kChunk, (n - i) / 16 * 16);
    for (; i < end; i += 16) {
      for (unsigned k = 0; k < kTables; ++k) ++c[k][src[i + k]];
      for (unsigned k = 0; k < kTables; ++k) ++c[k][src[i + kTables + k]];
    }
    for (unsigned s = 0; s < 256; ++s)
      for (unsigned k = 0; k < kTables; ++k) hist[s] += c[k][s];
  }
  for (; i < n; ++i) ++hist[src[i]];
  unsigned distinct = 0;
  for (unsigned s = 0; s < 256; ++s) distinct += hist[s] != 0;
  return distinct;
}

}  // namespace cdma::entropy

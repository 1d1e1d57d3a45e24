// Byte histogram. Each of the 8 bytes of a 64-bit load counts into its own
// sub-histogram: a stream of few distinct bytes (an exponent plane) would
// otherwise increment the same counter back to back and wait on its own
// store every time (measured on byte 3 of fp32 activations: 2.9 GB/s with
// 8 tables, 2.45 with 4).
#include <cstring>

#include "codecs/entropy/entropy.hpp"
#include "common/endian.hpp"

namespace cdma::entropy {

unsigned histogram(const uint8_t* src, size_t n, uint32_t hist[256]) {
  constexpr unsigned kTables = 8;
  uint32_t c[kTables][256];
  std::memset(c, 0, sizeof(c));
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    const uint64_t a = load_le64(src + i);
    const uint64_t b = load_le64(src + i + 8);
    for (unsigned k = 0; k < kTables; ++k) ++c[k][(a >> (8 * k)) & 0xFF];
    for (unsigned k = 0; k < kTables; ++k) ++c[k][(b >> (8 * k)) & 0xFF];
  }
  for (; i < n; ++i) ++c[0][src[i]];
  unsigned distinct = 0;
  for (unsigned s = 0; s < 256; ++s) {
    uint32_t sum = 0;
    for (unsigned k = 0; k < kTables; ++k) sum += c[k][s];
    hist[s] = sum;
    distinct += sum != 0;
  }
  return distinct;
}

}  // namespace cdma::entropy

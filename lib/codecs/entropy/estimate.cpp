// Size prediction from a histogram, for choosing a stream's coding without
// coding it.
#include <algorithm>
#include <cmath>

#include "codecs/entropy/entropy.hpp"
#include "codecs/entropy/rans.hpp"

namespace cdma::entropy {

double shannon_bits(const uint32_t hist[256], size_t n) {
  if (n == 0) return 0;
  const double log_n = std::log2(static_cast<double>(n));
  double bits = 0;
  for (unsigned s = 0; s < 256; ++s)
    if (hist[s] != 0) bits += hist[s] * (log_n - std::log2(static_cast<double>(hist[s])));
  return bits;
}

unsigned choose_lanes(double bits, const EncodeOptions& options) {
  return bits / 8 >= options.wide_min_payload ? kLanesWide : kLanesNarrow;
}

size_t estimate_size(const uint32_t hist[256], size_t n, const EncodeOptions& options) {
  return estimate_size(hist, n, shannon_bits(hist, n), options);
}

size_t estimate_size(const uint32_t hist[256], size_t n, double bits, const EncodeOptions& options) {
  const size_t raw = encode_bound(n);
  if (n == 0 || n > kMaxCodedSize) return raw;
  unsigned present = 0;
  for (unsigned s = 0; s < 256; ++s) present += hist[s] != 0;
  if (present == 1) return 2;  // RLE

  // Scaled counts without normalize()'s fix-up: its corrections move a few
  // frequencies by one unit, which rarely changes a varint's length.
  const unsigned log = choose_table_log(n, options);
  uint16_t approx[256];
  for (unsigned s = 0; s < 256; ++s) {
    const uint64_t f = (uint64_t{hist[s]} << log) / n;
    approx[s] = static_cast<uint16_t>(hist[s] == 0 ? 0 : std::clamp<uint64_t>(f, 1, 4095));
  }
  // Each lane costs ~2.75 bytes beyond the Shannon bound (measured): its
  // initial state 2^15 carries nothing, and its final state, about
  // log-uniform over [2^15, 2^31), is written in 3 or 4 whole bytes.
  const double payload = bits / 8 + 2.75 * choose_lanes(bits, options);
  const size_t rans = 1 + table_size(approx) + static_cast<size_t>(std::ceil(payload));
  return std::min(rans, raw);
}

}  // namespace cdma::entropy

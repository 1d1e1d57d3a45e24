// Size prediction from a histogram, for choosing a stream's coding without
// coding it.
#include <algorithm>
#include <cmath>

#include "codecs/entropy/entropy.hpp"
#include "codecs/entropy/rans.hpp"
#include "codecs/entropy/symbol_set.hpp"

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

namespace {

// Present symbols whose scaled count floor(c * 2^log / n), which
// estimate_size() takes for the frequency, is above kMaxOneByteFreq: those
// with c >= ceil((kMaxOneByteFreq + 1) * n / 2^log). A threshold on the
// counts, so no division per symbol, and the loop vectorizes.
unsigned count_two_byte(const uint32_t hist[256], size_t n, unsigned log) {
  const uint64_t scale = uint64_t{1} << log;
  const uint64_t threshold = ((kMaxOneByteFreq + 1) * uint64_t{n} + scale - 1) / scale;
  if (threshold > UINT32_MAX) return 0;  // counts are 32-bit
  const auto t = static_cast<uint32_t>(threshold);
  unsigned two = 0;
  for (unsigned s = 0; s < 256; ++s) two += hist[s] >= t;
  return two;
}

}  // namespace

size_t estimate_size(const uint32_t hist[256], size_t n, double bits, const EncodeOptions& options) {
  const size_t raw = encode_bound(n);
  if (n == 0 || n > kMaxCodedSize) return raw;
  const SymbolSet set = present_symbols(hist);
  const unsigned present = count(set);
  if (present == 1) return 2;  // RLE

  // The table of the scaled counts clamp(c * 2^log / n, 1, 4095), without
  // normalize()'s fix-up: its corrections move a few frequencies by one
  // unit, which rarely changes a varint's length.
  const unsigned log = choose_table_log(n, options);
  const size_t table = described_size(count(run_starts(set)), present, count_two_byte(hist, n, log));
  // Each lane costs ~2.75 bytes beyond the Shannon bound (measured): its
  // initial state 2^15 carries nothing, and its final state, about
  // log-uniform over [2^15, 2^31), is written in 3 or 4 whole bytes.
  const double payload = bits / 8 + 2.75 * choose_lanes(bits, options);
  const size_t rans = 1 + table + static_cast<size_t>(std::ceil(payload));
  return std::min(rans, raw);
}

}  // namespace cdma::entropy

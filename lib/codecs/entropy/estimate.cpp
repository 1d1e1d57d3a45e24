// Size prediction from a histogram, for choosing a stream's coding without
// coding it.
#include <algorithm>
#include <array>
#include <cmath>

#include "codecs/entropy/entropy.hpp"
#include "codecs/entropy/estimate_impl.hpp"
#include "codecs/entropy/rans.hpp"
#include "codecs/entropy/symbol_set.hpp"

namespace cdma::entropy {

namespace {

// log2(c) for an integer c >= 1 at compile time: c = 2^e * m with m in
// [1, 2), and log2(m) = 2 atanh(z) / ln 2 with z = (m - 1) / (m + 1) < 1/3,
// whose series gains a factor 9 per term. Taken in long double, so within
// 1 ulp where long double is wider than double, and a few ulp where it is
// not: either is far inside kErrorPerSymbol.
constexpr double log2_of(uint32_t c) {
  unsigned e = 0;
  while ((c >> e) > 1) ++e;
  const long double m = static_cast<long double>(c) / static_cast<long double>(uint64_t{1} << e);
  const long double z = (m - 1) / (m + 1);
  long double term = z, sum = 0;
  for (unsigned k = 1; k < 80; k += 2) {
    sum += term / k;
    term *= z * z;
  }
  constexpr long double kLn2 = 0.693147180559945309417232121458176568L;
  return static_cast<double>(e + 2 * sum / kLn2);
}

constexpr std::array<double, kLog2TableSize> make_log2_table() {
  std::array<double, kLog2TableSize> t = {};
  for (uint32_t c = 1; c < kLog2TableSize; ++c) t[c] = log2_of(c);
  return t;
}

// Error bound of shannon_bound() against shannon_bits(), per symbol
// counted. Both sum the terms c * (log2(n) - log2(c)) in the same order;
// their log2(c) differ by at most 2 ulp (< 2^-47, as they differ only for
// c < 2^16), each term's subtraction and product adds at most 1 ulp
// (terms are below 32 c), and each of the up to 256 partial sums (below
// 32 n) 1 ulp: in all below n * (2^-45 + 256 * 32 * 2^-52) < n * 2^-38 =
// n * 3.7e-12. 1e-9 leaves a margin of 270.
constexpr double kErrorPerSymbol = 1e-9;

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

// The coding for a given Shannon bound (monotone in it: more bits never
// take fewer lanes, nor make rANS win where fewer bits did not).
Coding coding_for(size_t table, double bits, size_t n, const EncodeOptions& options) {
  return {estimate_rans_size(table, bits, options) < encode_bound(n), choose_lanes(bits, options)};
}

}  // namespace

constexpr std::array<double, kLog2TableSize> kLog2Table = make_log2_table();

namespace {

// sum over present symbols of c * (log2(n) - log2(c)), in symbol order,
// with log2(c) from `log2_count`: the exact and the table-driven bound
// differ in that alone, which is what kErrorPerSymbol accounts for.
template <class Log2>
double sum_bits(const uint32_t hist[256], size_t n, Log2 log2_count) {
  const double log_n = std::log2(static_cast<double>(n));
  double bits = 0;
  for (unsigned s = 0; s < 256; ++s)
    if (hist[s] != 0) bits += hist[s] * (log_n - log2_count(hist[s]));
  return bits;
}

}  // namespace

double shannon_bits(const uint32_t hist[256], size_t n) {
  if (n == 0) return 0;
  return sum_bits(hist, n, [](uint32_t c) { return std::log2(static_cast<double>(c)); });
}

ShannonBound shannon_bound(const uint32_t hist[256], size_t n) {
  if (n == 0) return {0, 0};
  const double bits = sum_bits(hist, n, [](uint32_t c) {
    return c < kLog2TableSize ? kLog2Table[c] : std::log2(static_cast<double>(c));
  });
  return {bits, kErrorPerSymbol * static_cast<double>(n)};
}

unsigned choose_lanes(double bits, const EncodeOptions& options) {
  return bits / 8 >= options.wide_min_payload ? kLanesWide : kLanesNarrow;
}

size_t estimate_size(const uint32_t hist[256], size_t n, const EncodeOptions& options) {
  return estimate_size(hist, n, shannon_bits(hist, n), options);
}

size_t estimate_table_size(const uint32_t hist[256], size_t n, const EncodeOptions& options) {
  // The table of the scaled counts clamp(c * 2^log / n, 1, 4095), without
  // normalize()'s fix-up: its corrections move a few frequencies by one
  // unit, which rarely changes a varint's length.
  const SymbolSet set = present_symbols(hist);
  const unsigned log = choose_table_log(n, options);
  return described_size(count(run_starts(set)), count(set), count_two_byte(hist, n, log));
}

size_t estimate_rans_size(size_t table, double bits, const EncodeOptions& options) {
  // Each lane costs ~2.75 bytes beyond the Shannon bound (measured): its
  // initial state 2^15 carries nothing, and its final state, about
  // log-uniform over [2^15, 2^31), is written in 3 or 4 whole bytes.
  const double payload = bits / 8 + 2.75 * choose_lanes(bits, options);
  return 1 + table + static_cast<size_t>(std::ceil(payload));
}

size_t estimate_size(const uint32_t hist[256], size_t n, double bits, const EncodeOptions& options) {
  const size_t raw = encode_bound(n);
  if (n == 0 || n > kMaxCodedSize) return raw;
  if (count(present_symbols(hist)) == 1) return 2;  // RLE
  return std::min(estimate_rans_size(estimate_table_size(hist, n, options), bits, options), raw);
}

Coding choose_coding(const uint32_t hist[256], size_t n, size_t table, ShannonBound bound,
                     const EncodeOptions& options) {
  const Coding low = coding_for(table, bound.bits - bound.error, n, options);
  if (low == coding_for(table, bound.bits + bound.error, n, options)) return low;
  return coding_for(table, shannon_bits(hist, n), n, options);
}

}  // namespace cdma::entropy

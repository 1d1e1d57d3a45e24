#include "analyze/zero_stats.hpp"

#include <algorithm>
#include <cmath>

#include "analyze/element.hpp"

namespace cdma::analyze {
namespace {

class RunCounter {
 public:
  explicit RunCounter(ZeroStats& s) : s_(s) {}
  void zero() { ++run_; }
  void end_run() {
    if (run_ == 0) return;
    ++s_.zero_runs;
    if (run_ >= kLongRun) s_.long_run_zeros += run_;
    s_.longest_run = std::max(s_.longest_run, run_);
    run_ = 0;
  }

 private:
  ZeroStats& s_;
  uint64_t run_ = 0;
};

template <bool (*Nonzero)(const uint8_t*, uint64_t)>
void scan_loop(const Tensor& t, ZeroStats& s) {
  const uint8_t* p = t.data.data();
  const uint64_t size = t.itemsize;
  const bool histogram = t.exponent_byte.has_value();
  const unsigned xb = t.exponent_byte.value_or(0);
  RunCounter runs(s);
  for (uint64_t i = 0; i < t.elements; ++i, p += size) {
    if (Nonzero(p, size)) {
      ++s.nonzero;
      if (histogram) ++s.exponent_histogram[p[xb]];
      runs.end_run();
    } else {
      runs.zero();
    }
  }
  runs.end_run();
}

double ratio_or_zero(double num, uint64_t den) { return den == 0 ? 0.0 : num / double(den); }

}  // namespace

void ZeroStats::add(const ZeroStats& o) {
  elements += o.elements;
  nonzero += o.nonzero;
  zero_runs += o.zero_runs;
  long_run_zeros += o.long_run_zeros;
  longest_run = std::max(longest_run, o.longest_run);
  for (size_t i = 0; i < exponent_histogram.size(); ++i)
    exponent_histogram[i] += o.exponent_histogram[i];
}

ZeroStats scan_zeros(const Tensor& t) {
  ZeroStats s;
  s.elements = t.elements;
  switch (t.itemsize) {
    case 1: scan_loop<nonzero_fixed<1>>(t, s); break;
    case 2: scan_loop<nonzero_fixed<2>>(t, s); break;
    case 4: scan_loop<nonzero_fixed<4>>(t, s); break;
    case 8: scan_loop<nonzero_fixed<8>>(t, s); break;
    default: scan_loop<nonzero_any>(t, s); break;
  }
  return s;
}

double density(const ZeroStats& s) { return ratio_or_zero(double(s.nonzero), s.elements); }

double mean_zero_run(const ZeroStats& s) {
  return ratio_or_zero(double(s.elements - s.nonzero), s.zero_runs);
}

double long_run_fraction(const ZeroStats& s) {
  return ratio_or_zero(double(s.long_run_zeros), s.elements - s.nonzero);
}

double entropy_bits(const ByteHistogram& h) {
  uint64_t total = 0;
  for (const uint64_t c : h) total += c;
  if (total == 0) return 0.0;
  double bits = 0.0;
  for (const uint64_t c : h) {
    if (c == 0) continue;
    const double p = double(c) / double(total);
    bits -= p * std::log2(p);
  }
  return bits;
}

bool has_symbols(const ByteHistogram& h) {
  return std::any_of(h.begin(), h.end(), [](uint64_t c) { return c != 0; });
}

}  // namespace cdma::analyze

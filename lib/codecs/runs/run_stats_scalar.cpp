// Scalar reference of the run statistics.
#include "codecs/runs/run_stats.hpp"
#include "codecs/runs/run_stats_collect.hpp"
#include "codecs/runs/scalar_finder.hpp"

namespace cdma::runs::scalar {

RunStats element_run_stats(const uint8_t* src, size_t size, unsigned width) {
  const size_t n = size / width;
  auto finder = scalar_element_finder(src, n, width);
  return collect_run_stats(finder, n);
}

RunStats bit_run_stats(const uint8_t* bits, size_t bit_count) {
  auto finder = scalar_bit_finder(bits, bit_count);
  return collect_run_stats(finder, bit_count);
}

}  // namespace cdma::runs::scalar

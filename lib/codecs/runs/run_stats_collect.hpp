// Accumulates RunStats over the runs a Finder reports, through the shared
// walk, so that the scalar and SIMD statistics cannot differ.
#pragma once

#include "codecs/runs/run_stats.hpp"
#include "codecs/runs/run_walk.hpp"

namespace cdma::runs {

[[gnu::always_inline]] inline void add_run(uint64_t length, uint64_t& runs, uint64_t& long_runs,
                                           uint64_t& long_elements) {
  runs += 1;
  if (length >= kLongRun) {
    long_runs += 1;
    long_elements += length;
  }
}

template <class Finder>
[[gnu::always_inline]] inline RunStats collect_run_stats(Finder& finder, size_t n) {
  RunStats s;
  s.elements = n;
  const size_t trailing = walk_runs(finder, n, [&](size_t i, size_t j, size_t k) {
    if (j > i) add_run(j - i, s.zero_runs, s.long_zero_runs, s.long_zero_elements);
    add_run(k - j, s.nonzero_runs, s.long_nonzero_runs, s.long_nonzero_elements);
    s.nonzero += k - j;
    return true;
  });
  if (trailing < n) add_run(n - trailing, s.zero_runs, s.long_zero_runs, s.long_zero_elements);
  return s;
}

}  // namespace cdma::runs

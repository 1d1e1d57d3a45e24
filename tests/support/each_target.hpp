// Runs a test body once per SIMD level this CPU has (simd/dispatch.hpp:
// each compiled Highway target, and each target a hand-written kernel
// needs, such as AVX3_DL for the VBMI kernels), capping the dispatch to it,
// so every kernel variant is compared with the scalar reference. Levels
// above a cap already in force (CDMA_MAX_TARGET) are skipped; that cap is
// restored afterwards, even when the body throws.
#pragma once

#include <hwy/targets.h>

#include <catch2/catch.hpp>
#include <cstdint>

#include "simd/dispatch.hpp"

namespace cdma::test {

template <typename Body>
void for_each_target(Body&& body) {
  struct Restore {
    int64_t cap;
    ~Restore() { simd::set_target_cap(cap); }
  } restore{simd::target_cap()};
  for (int64_t level : simd::distinct_levels()) {
    simd::set_target_cap(level);
    INFO("SIMD level " << hwy::TargetName(level) << ": " << simd::dispatch_summary());
    body(hwy::TargetName(level));
  }
}

}  // namespace cdma::test

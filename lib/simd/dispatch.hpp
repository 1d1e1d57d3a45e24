// Highway plumbing shared by the kernels: which target dynamic dispatch picks.
#pragma once

namespace cdma::simd {

// Name of the Highway target HWY_DYNAMIC_DISPATCH selects right now (for
// `cdma --version -v`, benchmarks, and tests that iterate over targets).
const char* dispatched_target_name();

}  // namespace cdma::simd

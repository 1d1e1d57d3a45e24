// Capping Highway's dispatch, so an AVX-512 machine can measure the AVX2
// (or SSE4) paths of the same build.
#pragma once

#include <string>

#include "simd/env_cap.hpp"

namespace cdma::bench {

// Caps every kernel, Highway's and hand-written, at NAME (hwy::TargetName,
// any case); false for an unknown name.
inline bool cap_simd_target(const std::string& name) {
  return cdma::simd::cap_target(name.c_str());
}

}  // namespace cdma::bench

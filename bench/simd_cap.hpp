// Capping Highway's dispatch, so an AVX-512 machine can measure the AVX2
// (or SSE4) paths of the same build.
#pragma once

#include <hwy/targets.h>
#include <strings.h>

#include <cstdint>
#include <string>

namespace cdma::bench {

// Disables every target better than NAME (hwy::TargetName, any case);
// false for an unknown name. Better targets sit at lower bits. Call it
// before the first compression: the checksum build is chosen once.
inline bool cap_simd_target(const std::string& name) {
  if (strcasecmp(name.c_str(), "unknown") == 0) return false;  // bits without a target
  for (int bit = 0; bit < 63; ++bit) {
    const int64_t target = int64_t{1} << bit;
    if (strcasecmp(hwy::TargetName(target), name.c_str()) == 0) {
      hwy::DisableTargets(target - 1);
      return true;
    }
  }
  return false;
}

}  // namespace cdma::bench

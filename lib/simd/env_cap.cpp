#include "simd/env_cap.hpp"

#include <hwy/targets.h>
#include <strings.h>

#include <cstdint>
#include <cstdlib>

namespace cdma::simd {

bool cap_target(const char* name) {
  if (strcasecmp(name, "unknown") == 0) return false;  // bits without a target
  // Better targets sit at lower bits: disable every bit below the named one.
  for (int bit = 0; bit < 63; ++bit) {
    const int64_t target = int64_t{1} << bit;
    if (strcasecmp(hwy::TargetName(target), name) == 0) {
      hwy::DisableTargets(target - 1);
      return true;
    }
  }
  return false;
}

bool apply_env_target_cap() {
  const char* name = std::getenv("CDMA_MAX_TARGET");
  return name != nullptr && *name != '\0' && cap_target(name);
}

}  // namespace cdma::simd

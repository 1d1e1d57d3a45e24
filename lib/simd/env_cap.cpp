#include "simd/env_cap.hpp"

#include <hwy/targets.h>
#include <strings.h>

#include <cstdint>
#include <cstdlib>

#include "simd/dispatch.hpp"

namespace cdma::simd {

bool cap_target(const char* name) {
  if (strcasecmp(name, "unknown") == 0) return false;  // bits without a target
  for (int bit = 0; bit < 63; ++bit) {
    const int64_t target = int64_t{1} << bit;
    if (strcasecmp(hwy::TargetName(target), name) == 0) {
      set_target_cap(target);
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

#include "simd/env_cap.hpp"

#include <hwy/targets.h>
#include <strings.h>

#include <cstdlib>

#include "simd/dispatch.hpp"

namespace cdma::simd {

int64_t target_named(const char* name) {
  if (strcasecmp(name, "unknown") == 0) return 0;  // bits without a target
  for (int bit = 0; bit < 63; ++bit) {
    const int64_t target = int64_t{1} << bit;
    if (strcasecmp(hwy::TargetName(target), name) == 0) return target;
  }
  return 0;
}

bool cap_target(const char* name) {
  const int64_t target = target_named(name);
  if (target == 0) return false;
  set_target_cap(target);
  return true;
}

int64_t env_target_cap() {
  const char* name = std::getenv("CDMA_MAX_TARGET");
  return name != nullptr ? target_named(name) : 0;
}

}  // namespace cdma::simd

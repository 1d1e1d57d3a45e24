// "Zero" in every run-length format is bitwise: an element is zero when all
// its `width` bytes are, so -0.0, NaN payloads and denormals are literals.
#pragma once

#include <cstdint>

namespace cdma::runs {

inline bool element_nonzero(const uint8_t* p, unsigned width) {
  uint8_t any = 0;
  for (unsigned b = 0; b < width; ++b) any |= p[b];
  return any != 0;
}

}  // namespace cdma::runs

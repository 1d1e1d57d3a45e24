// Whether one element is zero. "Zero" is bitwise, as in ZVC: -0.0, NaN
// payloads and denormals are nonzero.
#pragma once

#include <cstdint>
#include <cstring>
#include <type_traits>

namespace cdma::analyze {

// Fixed widths load one word, which keeps whole-tensor passes memory-bound.
template <unsigned W>
inline bool nonzero_fixed(const uint8_t* p, uint64_t /*itemsize*/) {
  if constexpr (W == 1) {
    return *p != 0;
  } else {
    using Word =
        std::conditional_t<W == 2, uint16_t, std::conditional_t<W == 4, uint32_t, uint64_t>>;
    Word w;
    std::memcpy(&w, p, W);
    return w != 0;
  }
}

// Any item size ('<U5', '<V3', records).
inline bool nonzero_any(const uint8_t* p, uint64_t itemsize) {
  for (uint64_t i = 0; i < itemsize; ++i)
    if (p[i] != 0) return true;
  return false;
}

inline bool element_nonzero(const uint8_t* p, uint64_t itemsize) {
  switch (itemsize) {
    case 1: return nonzero_fixed<1>(p, 1);
    case 2: return nonzero_fixed<2>(p, 2);
    case 4: return nonzero_fixed<4>(p, 4);
    case 8: return nonzero_fixed<8>(p, 8);
  }
  return nonzero_any(p, itemsize);
}

}  // namespace cdma::analyze

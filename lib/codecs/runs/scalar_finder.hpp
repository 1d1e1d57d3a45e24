// The scalar references' Finder for walk_runs(): tests one element (or bit)
// at a time. Plain on purpose: it is the oracle the bitmap kernels match.
#pragma once

#include <cstddef>
#include <cstdint>

#include "codecs/runs/element.hpp"

namespace cdma::runs {

// `nonzero(i)` says whether element i is nonzero.
template <class Nonzero>
struct ScalarFinder {
  Nonzero nonzero;
  size_t n;
  size_t pos = 0;
  bool state = false;  // before element 0: zero

  size_t next_boundary() {
    while (pos < n && nonzero(pos) == state) ++pos;
    state = !state;
    return pos;
  }
};

inline auto scalar_element_finder(const uint8_t* src, size_t n, unsigned width) {
  auto nonzero = [src, width](size_t i) { return element_nonzero(src + i * width, width); };
  return ScalarFinder<decltype(nonzero)>{nonzero, n, 0, false};
}

inline auto scalar_bit_finder(const uint8_t* bits, size_t n) {
  auto nonzero = [bits](size_t i) { return ((bits[i / 8] >> (i % 8)) & 1) != 0; };
  return ScalarFinder<decltype(nonzero)>{nonzero, n, 0, false};
}

}  // namespace cdma::runs

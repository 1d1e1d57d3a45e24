// The unsigned type of a split codec element, for code templated on it.
// Widths are those ZVC takes (zvc::width_supported): 1, 2, 4, 8.
#pragma once

#include <cstdint>

namespace cdma::split {

// Calls f(T{}) with T the unsigned integer of `width` bytes.
template <typename F>
auto with_element_type(unsigned width, F&& f) {
  switch (width) {
    case 1: return f(uint8_t{});
    case 2: return f(uint16_t{});
    case 4: return f(uint32_t{});
    default: return f(uint64_t{});
  }
}

}  // namespace cdma::split

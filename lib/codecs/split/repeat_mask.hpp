// The repeat transform of the split codec. In activations of nets trained
// on flat-background images, a good share of the nonzero values equal the
// nonzero value before them (figures: ../shared/MEASUREMENTS.md,
// bench/level-design.md); a mask bit per nonzero value costs far less than
// coding those values again.
#pragma once

#include <cstddef>
#include <cstdint>

namespace cdma::split {

// From `count` packed values of `width` bytes, writes the literal mask (bit
// k set when value k differs from value k-1; value 0 is always literal;
// ceil(count/8) bytes) and the literal values. Returns the literal count.
size_t extract_literals(const uint8_t* values, size_t count, unsigned width, uint8_t* lit_mask,
                        uint8_t* literals);

// The scalar reference of extract_literals(), which uses the SIMD kernel
// zvc::extract_changed_groups(): both write the same bytes.
size_t extract_literals_scalar(const uint8_t* values, size_t count, unsigned width, uint8_t* lit_mask,
                               uint8_t* literals);

// The inverse is zvc::expand_repeats().

}  // namespace cdma::split

// Element-range helpers of the scalar reference, shared with the SIMD
// kernels, which hand them the elements left after their last full group.
#pragma once

#include <cstddef>
#include <cstdint>

namespace cdma::zvc {

// Encodes elements [first, elements): sets their mask bits (mask must be
// zeroed from element `first` on) and appends nonzero ones at `values`.
// Returns the bytes appended, or kNoFit if they would pass values_end.
size_t encode_elements_scalar(const uint8_t* src, size_t first, size_t elements, unsigned width,
                              uint8_t* mask, uint8_t* values, const uint8_t* values_end);

// Decodes elements [first, elements) from the mask and the values starting
// at `values`; returns the value bytes consumed. The caller has validated.
size_t decode_elements_scalar(const uint8_t* mask, const uint8_t* values, size_t first,
                              size_t elements, unsigned width, uint8_t* dst);

// The repeat expansion (expand_repeats) of elements [first, elements):
// a set bit takes the next value from `values`, a clear one repeats
// dst's element first - 1 (zero when first is 0). Returns value bytes consumed.
size_t expand_repeats_scalar_from(const uint8_t* mask, const uint8_t* values, size_t first, size_t elements,
                                  unsigned width, uint8_t* dst);

}  // namespace cdma::zvc

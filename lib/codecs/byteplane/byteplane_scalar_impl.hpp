// Element-range helpers of the scalar reference, shared with the SIMD
// kernels, which hand them the elements left after their last whole vector.
#pragma once

#include <cstddef>
#include <cstdint>

namespace cdma::byteplane {

// Splits / joins elements [first, count).
void split_range(const uint8_t* src, size_t first, size_t count, unsigned width,
                 uint8_t* const planes[]);
void join_range(const uint8_t* const planes[], size_t first, size_t count, unsigned width,
                uint8_t* dst);

}  // namespace cdma::byteplane

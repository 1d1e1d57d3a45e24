// Byte-plane split and join. `count` elements of `width` bytes, stored one
// after another (for instance the nonzero values ZVC packs), become `width`
// planes of `count` bytes: plane k holds byte k of every element, in order.
// For little-endian floats the top plane holds the sign and high exponent
// bits and is far more compressible on its own than mixed with mantissa
// bytes, which is why the pipeline codes each plane as a separate stream.
//
// split()/join() use Highway kernels (byte de-interleaves, dynamic dispatch
// per call) for widths 2, 4 and 8; width 1 is a copy. The scalar functions
// are the reference. Planes and elements must not overlap; pointers need no
// alignment.
#pragma once

#include <cstddef>
#include <cstdint>

namespace cdma::byteplane {

// True for the element widths byte planes support: 1, 2, 4, 8.
constexpr bool width_supported(unsigned width) {
  return width == 1 || width == 2 || width == 4 || width == 8;
}

// planes[k][i] = src[i * width + k] for k < width, i < count.
void split(const uint8_t* src, size_t count, unsigned width, uint8_t* const planes[]);

// dst[i * width + k] = planes[k][i]: the inverse of split().
void join(const uint8_t* const planes[], size_t count, unsigned width, uint8_t* dst);

namespace scalar {
void split(const uint8_t* src, size_t count, unsigned width, uint8_t* const planes[]);
void join(const uint8_t* const planes[], size_t count, unsigned width, uint8_t* dst);
}  // namespace scalar

}  // namespace cdma::byteplane

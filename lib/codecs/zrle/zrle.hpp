// Zero-RLE: run-length coding of zero elements, the alternative to ZVC that
// Rhu et al. (cDMA, HPCA 2018) compare it with. A block of `size` bytes is
// read as n = size / width elements (zero = all bits zero) plus size % width
// tail bytes, and coded as (docs/format-zrle.md)
//   Literal_Count : varint, the number of nonzero elements
//   Literals      : the nonzero elements, in order, `width` bytes each
//   Runs          : one token per nonzero run: the zeros before it and its
//                   length, as two nibbles with varint extensions
//   Tail          : the size % width trailing bytes, verbatim
// A run of any length costs one pair, so long zero runs (dead channels,
// padded borders) cost almost nothing, while scattered zeros cost about a
// byte per nonzero run (ZVC costs a bit per element whatever the layout).
//
// encode()/decode()/encoded_size() scan runs with Highway kernels, dynamic
// dispatch per call; the scalar functions are the reference the kernels
// match byte for byte.
#pragma once

#include <cstddef>
#include <cstdint>

namespace cdma::zrle {

// Returned by encode() when the payload would exceed dst_capacity.
inline constexpr size_t kNoFit = ~static_cast<size_t>(0);

// True for the element widths zero-RLE supports: 1, 2, 4, 8.
constexpr bool width_supported(unsigned width) {
  return width == 1 || width == 2 || width == 4 || width == 8;
}

// Largest payload for `size` bytes: the count's varint, every element a
// literal, and at most one Runs byte per two elements (a pair codes at least
// two elements, except a first pair without zeros; docs/format-zrle.md).
constexpr size_t bound(size_t size, unsigned width) { return 9 + size + (size / width + 1) / 2; }

// Exact payload size for src, without writing anything.
size_t encoded_size(const uint8_t* src, size_t size, unsigned width);

// Encodes `size` bytes into dst; returns the payload size or kNoFit.
// Never writes at or beyond dst + dst_capacity.
size_t encode(const uint8_t* src, size_t size, unsigned width, uint8_t* dst, size_t dst_capacity);

// Decodes a payload of exactly `src_size` bytes into exactly `dst_size`
// bytes. Returns dst_size, or an error result (corruption_detected) when the
// payload is inconsistent: a count larger than the elements, a malformed or
// truncated pair, runs that pass dst_size or use a different number of
// literals than the count. Never reads or writes outside the two buffers;
// on error the contents of dst are unspecified.
size_t decode(const uint8_t* src, size_t src_size, unsigned width, uint8_t* dst, size_t dst_size);

namespace scalar {
size_t encoded_size(const uint8_t* src, size_t size, unsigned width);
size_t encode(const uint8_t* src, size_t size, unsigned width, uint8_t* dst, size_t dst_capacity);
size_t decode(const uint8_t* src, size_t src_size, unsigned width, uint8_t* dst, size_t dst_size);
}  // namespace scalar

}  // namespace cdma::zrle

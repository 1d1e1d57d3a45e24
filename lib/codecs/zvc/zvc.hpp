// ZVC, zero-value compression (Rhu et al., HPCA 2018): a block of `size` bytes
// is read as n = size / width elements plus size % width tail bytes, and coded
// as
//   mask  : ceil(n / 8) bytes, bit i (LSB first) set when element i has any
//           nonzero bit (so -0.0, NaN payloads and denormals count as nonzero)
//   values: the nonzero elements, in order, `width` bytes each
//   tail  : the size % width trailing bytes, verbatim
// Payload size = mask_bytes(n) + nnz * width + tail (docs/format.md, "ZVC").
//
// encode()/decode() dispatch to the best Highway target; the scalar
// functions are the reference the SIMD kernels must match byte for byte.
#pragma once

#include <cstddef>
#include <cstdint>

namespace cdma::zvc {

// Returned by encode() when the payload would exceed dst_capacity.
inline constexpr size_t kNoFit = ~static_cast<size_t>(0);

constexpr size_t mask_bytes(size_t elements) { return (elements + 7) / 8; }

// True for the element widths ZVC supports: 1, 2, 4, 8.
constexpr bool width_supported(unsigned width) {
  return width == 1 || width == 2 || width == 4 || width == 8;
}

// Exact payload size for `src`, without writing anything.
size_t encoded_size(const uint8_t* src, size_t size, unsigned width);

// How the SIMD kernels store their output. kAuto: with streaming
// (non-temporal) stores from 64 KiB on, taking such a block to be part of a
// large buffer nobody reads soon. kCached: ordinary stores, for output that
// is read again right away (a pipeline's scratch): streamed, it would have
// to come back from DRAM.
enum class Store { kAuto, kCached };

// Encodes `size` bytes into dst; returns the payload size or kNoFit.
// Never writes at or beyond dst + dst_capacity.
size_t encode(const uint8_t* src, size_t size, unsigned width, uint8_t* dst, size_t dst_capacity,
              Store store);
// Store::kAuto (an overload, not a default argument, so that the coders
// still fit plain function pointers).
size_t encode(const uint8_t* src, size_t size, unsigned width, uint8_t* dst, size_t dst_capacity);

// Decodes a payload of exactly `src_size` bytes into `dst_size` bytes.
// Returns dst_size, or an error result (corruption_detected) when the payload
// is inconsistent with dst_size: its size, or unused mask bits set.
size_t decode(const uint8_t* src, size_t src_size, unsigned width, uint8_t* dst, size_t dst_size,
              Store store);
size_t decode(const uint8_t* src, size_t src_size, unsigned width, uint8_t* dst, size_t dst_size);

// The ZVC encode kernel with another selection, for the split codec's
// repeat mask: for whole groups of 8 elements from src, mask bit i is set
// and element i copied to values when it differs from element i - 1 (so
// src[-width, 0) must be readable). Stops when the next group might not
// fit before values_end, and at the best target; *groups_done says how far
// it got (possibly 0: the caller finishes in scalar code). Returns the
// value bytes written.
size_t extract_changed_groups(const uint8_t* src, size_t groups, unsigned width, uint8_t* mask,
                              uint8_t* values, const uint8_t* values_end, size_t* groups_done);

// Its inverse, the split codec's repeat step: ZVC's decode with holes
// that repeat the element before them instead of being zero. Element i of
// dst (count elements of `width` bytes) is the value of the last set mask
// bit at or before i; zero before the first set bit. `mask` holds
// ceil(count / 8) bytes with `literal_count` set bits (the caller has
// counted them and checked the unused bits, as decode() does), and
// `values` that many elements. Writes exactly count * width bytes.
void expand_repeats(const uint8_t* mask, const uint8_t* values, size_t literal_count, size_t count, unsigned width,
                    uint8_t* dst);

// Set bits in mask[0, bytes), with the best SIMD target (the portable
// popcount_bytes() handles a word at a time).
size_t count_mask_bits(const uint8_t* mask, size_t bytes);

namespace scalar {
void expand_repeats(const uint8_t* mask, const uint8_t* values, size_t count, unsigned width, uint8_t* dst);
size_t encode(const uint8_t* src, size_t size, unsigned width, uint8_t* dst, size_t dst_capacity);
size_t decode(const uint8_t* src, size_t src_size, unsigned width, uint8_t* dst, size_t dst_size);
}  // namespace scalar

// Validates a payload against dst_size and returns the number of nonzero
// elements, or an error result. Shared by the scalar and SIMD decoders so
// that both reject exactly the same inputs.
size_t validate_payload(const uint8_t* src, size_t src_size, unsigned width, size_t dst_size);

}  // namespace cdma::zvc

// Run statistics: cheap measurements the pipeline uses to choose a coding
// for a block or a stream without encoding it (docs/format-zrle.md says
// what each coding costs in terms of these counts).
//
// Two inputs are measured the same way:
//  - an element array: `size / width` elements of `width` bytes (1, 2, 4 or
//    8); an element is nonzero when any of its bits is (the tail bytes past
//    the last whole element are not counted);
//  - a bitmask: `bit_count` bits, bit i (LSB first) of byte i / 8, as ZVC
//    lays out its mask; a set bit counts as a nonzero element.
//
// The dispatched functions use Highway kernels; the scalar ones are the
// reference they must match exactly.
#pragma once

#include <cstddef>
#include <cstdint>

namespace cdma::runs {

// Runs at least this long are "long": in ZRLE they cost 2 or more extension
// bytes for 32+ elements, and in a ZVC mask they span whole 0x00 or 0xFF
// bytes that rle_bytes codes as a run.
inline constexpr uint64_t kLongRun = 32;

struct RunStats {
  uint64_t elements = 0;               // elements (or bits) examined
  uint64_t nonzero = 0;                // of which nonzero (set)
  uint64_t zero_runs = 0;              // maximal runs of zero elements
  uint64_t nonzero_runs = 0;           // maximal runs of nonzero elements
  uint64_t long_zero_runs = 0;         // zero runs of at least kLongRun elements
  uint64_t long_zero_elements = 0;     // elements inside those runs
  uint64_t long_nonzero_runs = 0;      // nonzero runs of at least kLongRun elements
  uint64_t long_nonzero_elements = 0;  // elements inside those runs

  bool operator==(const RunStats&) const = default;
};

// Statistics of the `size / width` whole elements at src.
RunStats element_run_stats(const uint8_t* src, size_t size, unsigned width);

// Statistics of bits [0, bit_count) of the bitmask at bits.
RunStats bit_run_stats(const uint8_t* bits, size_t bit_count);

namespace scalar {
RunStats element_run_stats(const uint8_t* src, size_t size, unsigned width);
RunStats bit_run_stats(const uint8_t* bits, size_t bit_count);
}  // namespace scalar

}  // namespace cdma::runs

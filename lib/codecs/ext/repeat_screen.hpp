// A cheap look at a stream before lz4 tries it: lz4 only pays on repeats
// of 4 bytes or more, and a stream where few bytes equal the byte 4 before
// them has few such repeats.
#pragma once

#include <cstddef>
#include <cstdint>

namespace cdma::ext {

// The fraction of sampled bytes equal to the byte 4 before them: the whole
// stream up to 1 KiB, else 16 slices of 64 bytes spread over it.
double repeat4_fraction(const uint8_t* src, size_t n);

// Below this fraction lz4 saved next to nothing on every zero and literal
// mask of the fp16 and bf16 sets (figures: bench/level-design.md, "The fast
// levels' stream policy").
inline constexpr double kLz4HopelessRepeats = 0.15;

}  // namespace cdma::ext

// The match transform of the split codec: a literal value equal to one of
// the 256 literals before it is coded as that distance instead of its
// bytes. In the Fashion-MNIST nets' activations a good share of the
// literals (after the repeat transform) recur within 64 literals, from the
// flat image background; a flag bit and a distance byte, both entropy-coded,
// cost far less than the ~3.2 bytes such an fp32 literal takes (figures:
// bench/level-design.md).
#pragma once

#include <cstddef>
#include <cstdint>

namespace cdma::split {

inline constexpr size_t kMaxMatchDistance = 256;  // a distance byte holds d - 1

// From `count` literal values of `width` bytes, writes the new mask (bit j
// set when literal j is coded as a value, clear when it copies the literal
// d before it; ceil(count/8) bytes), one distance byte d - 1 per cleared
// bit, in order, and the new values. Returns the number of new values;
// *matches receives the number of distance bytes. Which earlier equal
// literal is chosen (or whether one is found at all) is the encoder's
// business: a hash table, local to the call, remembers the last position
// of each value, and collisions only lose matches.
size_t extract_matches(const uint8_t* literals, size_t count, unsigned width, uint8_t* new_mask,
                       uint8_t* distances, uint8_t* new_values, size_t* matches);

// Inverse, in place: `literals` holds the new values already expanded to
// their positions (ZVC decode with new_mask as its mask); copies literal
// j - d into every position j whose bit is clear, taking d - 1 from
// distances[0, matches). Returns false when a distance reaches before
// literal 0 (the caller reports corruption); `matches` must equal the
// number of clear bits below `count`.
bool fill_matches(const uint8_t* new_mask, size_t count, unsigned width, const uint8_t* distances,
                  uint8_t* literals);

}  // namespace cdma::split

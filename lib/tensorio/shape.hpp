// Tensor shapes: overflow-safe element counts, and the text forms users type
// ("8,16,32,32") and read ("8x16x32x32").
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cdma::tensorio {

// *out = a * b; false when the product does not fit in 64 bits.
bool checked_mul(uint64_t a, uint64_t b, uint64_t* out);

// *out = product of dims (1 for a 0-d shape). A zero dimension makes the
// count 0 whatever the other dimensions are, as in NumPy; otherwise false
// when the product overflows 64 bits.
bool element_count(std::span<const uint64_t> dims, uint64_t* out);

// Parses "8,16,32,32" (or "8x16x32x32"): one or more decimal dimensions;
// or "()", the 0-d shape, so that what format_shape() writes reads back.
// nullopt with a message in `error` for anything else.
std::optional<std::vector<uint64_t>> parse_shape(std::string_view text, std::string& error);

// "8x16x32x32"; "()" for a 0-d shape.
std::string format_shape(std::span<const uint64_t> dims);

}  // namespace cdma::tensorio

// The validator of every integer option: CLI11's own Range prints its
// bounds with std::to_string, so a range over doubles (PositiveNumber)
// reads "not in range 0.000000 to 1.79e308", and a word that is no number
// at all is said to be out of range. This one names the range as integers
// and tells the two failures apart.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>

namespace cdma::cli {

// Accepts the integers lower..upper, inclusive.
CLI::Validator int_range(int64_t lower, int64_t upper);

}  // namespace cdma::cli

// Numbers in the model's inputs (layer files, --sweep, numeric options),
// read strictly and the same way everywhere: plain decimal as JSON writes
// it (digits, an optional fraction, an optional exponent), nothing before or
// after. Hex ("0x10"), "inf", "nan", a leading '+', spaces and embedded NULs
// are refused, which strtod would accept or stop short at.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cdma::model {

// A finite decimal number, or nullopt. A leading '-' is allowed (callers
// check their own ranges, and say so better than "not a number").
std::optional<double> parse_decimal(std::string_view text);

// A whole decimal number that fits in 64 bits (digits only), or nullopt.
std::optional<uint64_t> parse_whole(std::string_view text);

// A decimal number in [lo, hi]: the value, or in `problem` what is wrong
// with the text ("'0x10' is not a decimal number", "'2' is out of range (0.001
// to 1)"), for the caller to prefix with the field or option it came from.
std::optional<double> parse_in_range(std::string_view text, double lo, double hi, std::string& problem);

// A bound as a message shows it: "0.001", "3600000", "1e+20".
std::string number_text(double v);

}  // namespace cdma::model

#include "int_range.hpp"

#include <charconv>
#include <string>

namespace cdma::cli {

CLI::Validator int_range(int64_t lower, int64_t upper) {
  const std::string range = std::to_string(lower) + " to " + std::to_string(upper);
  CLI::Validator v(
      [lower, upper, range](std::string& text) -> std::string {
        int64_t value = 0;
        const char* end = text.data() + text.size();
        const auto [stop, error] = std::from_chars(text.data(), end, value);
        if (text.empty() || stop != end || error == std::errc::invalid_argument)
          return "Value " + text + " is not an integer (want " + range + ")";
        if (error == std::errc::result_out_of_range || value < lower || value > upper)
          return "Value " + text + " not in range " + range;
        return std::string();
      },
      "INT in [" + std::to_string(lower) + " - " + std::to_string(upper) + "]");
  return v;
}

}  // namespace cdma::cli

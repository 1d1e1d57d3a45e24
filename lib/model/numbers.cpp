#include "model/numbers.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "model/text.hpp"

namespace cdma::model {
namespace {

bool digit(char c) { return c >= '0' && c <= '9'; }

// Length of the run of digits at text[i...].
size_t digits(std::string_view text, size_t i) {
  size_t n = 0;
  while (i + n < text.size() && digit(text[i + n])) ++n;
  return n;
}

}  // namespace

std::optional<double> parse_decimal(std::string_view text) {
  size_t i = 0;
  if (i < text.size() && text[i] == '-') ++i;
  size_t n = digits(text, i);
  if (n == 0) return std::nullopt;
  i += n;
  if (i < text.size() && text[i] == '.') {
    n = digits(text, ++i);
    if (n == 0) return std::nullopt;
    i += n;
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    n = digits(text, i);
    if (n == 0) return std::nullopt;
    i += n;
  }
  if (i != text.size()) return std::nullopt;
  // from_chars: locale-independent, and it reports overflow rather than
  // returning infinity.
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v)) return std::nullopt;
  return v == 0 ? 0.0 : v;  // no -0
}

std::optional<uint64_t> parse_whole(std::string_view text) {
  if (text.empty() || digits(text, 0) != text.size()) return std::nullopt;
  uint64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

std::optional<double> parse_in_range(std::string_view text, double lo, double hi, std::string& problem) {
  const std::optional<double> v = parse_decimal(text);
  if (!v)
    problem = quoted(text) + " is not a decimal number";
  else if (*v < lo || *v > hi)
    problem = quoted(text) + " is out of range (" + number_text(lo) + " to " + number_text(hi) + ")";
  else
    return v;
  return std::nullopt;
}

std::string number_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  return buf;
}

}  // namespace cdma::model

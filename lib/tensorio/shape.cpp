#include "tensorio/shape.hpp"

#include <limits>

namespace cdma::tensorio {

bool checked_mul(uint64_t a, uint64_t b, uint64_t* out) {
  return !__builtin_mul_overflow(a, b, out);
}

bool element_count(std::span<const uint64_t> dims, uint64_t* out) {
  for (const uint64_t d : dims) {
    if (d == 0) {
      *out = 0;
      return true;
    }
  }
  uint64_t n = 1;
  for (const uint64_t d : dims)
    if (!checked_mul(n, d, &n)) return false;
  *out = n;
  return true;
}

std::optional<std::vector<uint64_t>> parse_shape(std::string_view text, std::string& error) {
  std::vector<uint64_t> dims;
  if (text == "()") return dims;
  size_t i = 0;
  while (true) {
    const size_t start = i;
    uint64_t d = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      const uint64_t digit = static_cast<uint64_t>(text[i] - '0');
      if (d > (std::numeric_limits<uint64_t>::max() - digit) / 10) {
        error = "shape '" + std::string(text) + "': dimension too large";
        return std::nullopt;
      }
      d = d * 10 + digit;
      ++i;
    }
    if (i == start) {
      error = "shape '" + std::string(text) +
              "': expected decimal dimensions separated by ',' (e.g. 8,16,32,32)";
      return std::nullopt;
    }
    dims.push_back(d);
    if (i == text.size()) return dims;
    if (text[i] != ',' && text[i] != 'x') {
      error = "shape '" + std::string(text) + "': unexpected '" + text[i] +
              "'; separate dimensions with ','";
      return std::nullopt;
    }
    ++i;
  }
}

std::string format_shape(std::span<const uint64_t> dims) {
  if (dims.empty()) return "()";
  std::string s;
  for (size_t i = 0; i < dims.size(); ++i) {
    if (i) s += 'x';
    s += std::to_string(dims[i]);
  }
  return s;
}

}  // namespace cdma::tensorio

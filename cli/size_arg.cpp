#include "size_arg.hpp"

#include <cstdio>

namespace cdma::cli {
namespace {

// The power of 1024 a suffix stands for; nullopt for an unknown suffix.
std::optional<unsigned> suffix_power(std::string_view s) {
  if (s.empty()) return 0u;
  const char* units = "KMGT";
  for (unsigned p = 0; units[p]; ++p) {
    const char u = units[p];
    const char l = static_cast<char>(u - 'A' + 'a');
    if (s[0] != u && s[0] != l) continue;
    const std::string_view rest = s.substr(1);
    if (rest.empty() || rest == "B" || rest == "iB" || rest == "b") return p + 1;
    return std::nullopt;
  }
  if (s == "B" || s == "b") return 0u;
  return std::nullopt;
}

// 'text', built by appending: GCC 12 warns (-Wrestrict, a false positive)
// on "'" + std::string(...).
std::string quoted(std::string_view text) {
  std::string s(1, '\'');
  s.append(text);
  s.push_back('\'');
  return s;
}

}  // namespace

std::optional<uint64_t> parse_size(std::string_view text, std::string& error) {
  size_t digits = 0;
  uint64_t value = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') {
    if (__builtin_mul_overflow(value, 10u, &value) ||
        __builtin_add_overflow(value, static_cast<uint64_t>(text[digits] - '0'), &value)) {
      error = quoted(text) + " does not fit in 64 bits";
      return std::nullopt;
    }
    ++digits;
  }
  const auto power = suffix_power(text.substr(digits));
  if (digits == 0 || !power) {
    error = quoted(text) + " is not a size (examples: 4096, 64K, 512M, 2G)";
    return std::nullopt;
  }
  for (unsigned i = 0; i < *power; ++i) {
    if (__builtin_mul_overflow(value, 1024u, &value)) {
      error = quoted(text) + " does not fit in 64 bits";
      return std::nullopt;
    }
  }
  return value;
}

std::optional<ByteRange> parse_range(std::string_view text, std::string& error) {
  const size_t colon = text.find(':');
  if (colon == std::string_view::npos) {
    error = quoted(text) + " is not OFFSET:LENGTH (example: 1048576:4096)";
    return std::nullopt;
  }
  const auto offset = parse_size(text.substr(0, colon), error);
  if (!offset) return std::nullopt;
  const auto length = parse_size(text.substr(colon + 1), error);
  if (!length) return std::nullopt;
  uint64_t end = 0;
  if (__builtin_add_overflow(*offset, *length, &end)) {
    error = quoted(text) + " ends past 2^64";
    return std::nullopt;
  }
  return ByteRange{*offset, *length};
}

std::string format_size(uint64_t bytes) {
  const char* units[] = {"KiB", "MiB", "GiB", "TiB"};
  if (bytes < 1024) return std::to_string(bytes) + " bytes";
  double v = static_cast<double>(bytes);
  int u = -1;
  while (v >= 1024 && u < 3) {
    v /= 1024;
    ++u;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g %s", v, units[u]);
  return buf;
}

}  // namespace cdma::cli

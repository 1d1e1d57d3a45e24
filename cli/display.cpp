#include "display.hpp"

#include <cstdio>
#include <string>

#include "text/escape.hpp"

namespace cdma::cli {
namespace {

// Every line the CLI prints on stderr ends here: a name that reached a
// message without display_name() is still escaped.
void print_line(std::string_view prefix, std::string_view file, std::string_view message) {
  const std::string line = text::escape_controls(file.empty() ? std::string(message)
                                                        : std::string(file) + ": " + std::string(message),
                                           false);
  std::fprintf(stderr, "%.*s%s\n", static_cast<int>(prefix.size()), prefix.data(), line.c_str());
}

}  // namespace

std::string display_name(const std::string& input) {
  return input == "-" ? "stdin" : text::quote_name(input);
}

void print_error(std::string_view file, std::string_view message) { print_line("cdma: ", file, message); }

void Display::summary(std::string_view file, uint64_t from_bytes, uint64_t to_bytes,
                      uint64_t original_bytes, uint64_t compressed_bytes, double seconds) const {
  if (verbosity_ == Verbosity::quiet) return;
  print_line("", file,
             std::to_string(from_bytes) + " -> " + std::to_string(to_bytes) + " bytes (" +
                 format_ratio(original_bytes, compressed_bytes) + "), " +
                 format_rate(original_bytes, seconds));
}

void Display::note(std::string_view file, std::string_view message) const {
  if (verbosity_ == Verbosity::quiet) return;
  print_line("", file, message);
}

void Display::detail(std::string_view file, std::string_view message) const {
  if (verbosity_ != Verbosity::verbose) return;
  print_line("", file, message);
}

std::string format_ratio(uint64_t original, uint64_t compressed) {
  if (compressed == 0) return "inf";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2fx",
                static_cast<double>(original) / static_cast<double>(compressed));
  return buf;
}

std::string format_rate(uint64_t bytes, double seconds) {
  // A tiny file can finish below the clock's resolution; say so rather than
  // print an infinite rate.
  if (seconds <= 0) return "too fast to time";
  const double rate = static_cast<double>(bytes) / seconds;
  const char* unit = "B/s";
  double v = rate;
  if (v >= 1e9) {
    v /= 1e9;
    unit = "GB/s";
  } else if (v >= 1e6) {
    v /= 1e6;
    unit = "MB/s";
  } else if (v >= 1e3) {
    v /= 1e3;
    unit = "kB/s";
  }
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.2f %s", v, unit);
  return buf;
}

}  // namespace cdma::cli

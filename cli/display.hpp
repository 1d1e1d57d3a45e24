// Everything the CLI tells the user on stderr: errors always, the per-file
// summary unless -q, details only with -v. Product output (compressed or
// restored bytes with -c, `cdma info`) goes to stdout and never through here.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace cdma::cli {

enum class Verbosity { quiet, normal, verbose };

// How messages name an input: "stdin" for "-", else the path as given, or
// quoted with its control characters escaped ('a\nb') when it has any.
std::string display_name(const std::string& input);

// `cdma: FILE: message` (or `cdma: message` when file is empty).
void print_error(std::string_view file, std::string_view message);

class Display {
 public:
  explicit Display(Verbosity v) : verbosity_(v) {}

  // `FILE: 1048576 -> 512000 bytes (2.05x), 1.23 GB/s`. The ratio is always
  // original / compressed so that compress and decompress lines agree;
  // throughput is original bytes per second of wall time (reading, coding
  // and writing overlap in a stream, so they cannot be told apart).
  void summary(std::string_view file, uint64_t from_bytes, uint64_t to_bytes,
               uint64_t original_bytes, uint64_t compressed_bytes, double seconds) const;

  // `FILE: message`, unless -q.
  void note(std::string_view file, std::string_view message) const;

  // `FILE: message`, with -v only.
  void detail(std::string_view file, std::string_view message) const;

 private:
  Verbosity verbosity_;
};

// "2.05x"; "inf" when compressed is 0 (cannot happen for a real frame).
std::string format_ratio(uint64_t original, uint64_t compressed);

// "1.23 GB/s" (decimal units, like memcpy benchmarks quote).
std::string format_rate(uint64_t bytes, double seconds);

}  // namespace cdma::cli

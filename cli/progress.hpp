// The progress line: `FILE: 1.2 GiB -> 310 MiB (3.96x), 1.05 GB/s` rewritten
// in place on stderr, only when stderr is a terminal (a log file must not
// fill with carriage returns), only once the work has run for a second (a
// small file must not flicker), and at most a few times a second.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace cdma::cli {

class Progress {
 public:
  // `enabled`: the user allows it (no -q, no --no-progress); the terminal
  // test is made here.
  Progress(bool enabled, std::string name);
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;
  ~Progress() { clear(); }

  // `original`: uncompressed bytes so far, `compressed`: frame bytes so far.
  void update(uint64_t original, uint64_t compressed);
  // Erases the line, so the summary or an error starts on a clean line.
  void clear();

 private:
  using Clock = std::chrono::steady_clock;
  bool enabled_;
  std::string name_;
  Clock::time_point start_;
  Clock::time_point last_;
  size_t shown_ = 0;  // characters of the line on screen; 0: none
};

}  // namespace cdma::cli

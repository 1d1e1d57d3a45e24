#include "progress.hpp"

#include <unistd.h>

#include <cstdio>

#include "display.hpp"
#include "size_arg.hpp"

namespace cdma::cli {
namespace {

constexpr auto kQuietStart = std::chrono::seconds(1);
constexpr auto kInterval = std::chrono::milliseconds(200);

}  // namespace

Progress::Progress(bool enabled, std::string name)
    : enabled_(enabled && isatty(STDERR_FILENO)), name_(std::move(name)), start_(Clock::now()),
      last_(start_) {}

void Progress::update(uint64_t original, uint64_t compressed) {
  if (!enabled_) return;
  const auto now = Clock::now();
  if (now - start_ < kQuietStart || now - last_ < kInterval) return;
  last_ = now;
  const std::chrono::duration<double> took = now - start_;
  const std::string line = name_ + ": " + format_size(original) + " -> " + format_size(compressed) +
                           " (" + format_ratio(original, compressed) + "), " +
                           format_rate(original, took.count());
  // Pad with spaces over the tail of a longer previous line.
  const size_t pad = shown_ > line.size() ? shown_ - line.size() : 0;
  std::fprintf(stderr, "\r%s%*s", line.c_str(), static_cast<int>(pad), "");
  std::fflush(stderr);
  shown_ = line.size();
}

void Progress::clear() {
  if (shown_ == 0) return;
  std::fprintf(stderr, "\r%*s\r", static_cast<int>(shown_), "");
  std::fflush(stderr);
  shown_ = 0;
}

}  // namespace cdma::cli

#include "terminal.hpp"

#include <unistd.h>

#include <algorithm>

#include "display.hpp"
#include "failure.hpp"

namespace cdma::cli {

int refuse_terminals(const Options& o, const std::vector<std::string>& inputs, Direction d) {
  const bool reads_stdin = std::find(inputs.begin(), inputs.end(), "-") != inputs.end();
  if (reads_stdin && isatty(STDIN_FILENO)) {
    print_error("", d == Direction::compress
                        ? "refusing to read input from a terminal; pipe data in or name a FILE"
                        : "refusing to read compressed data from a terminal; pipe it in or name "
                          "a FILE");
    return kExitUsage;
  }
  const bool writes_stdout = o.to_stdout || (reads_stdin && o.output.empty());
  if (d == Direction::compress && writes_stdout && isatty(STDOUT_FILENO)) {
    print_error("", "refusing to write compressed data to a terminal; redirect stdout or use -o FILE");
    return kExitUsage;
  }
  return kExitOk;
}

bool progress_wanted(const Options& o) {
  return !o.no_progress && o.verbosity != Verbosity::quiet;
}

}  // namespace cdma::cli

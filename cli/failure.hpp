// How the CLI fails: an exception carrying the exit code, thrown from
// anywhere inside the work on one file and turned into the single line
// `cdma: FILE: what went wrong` by for_each_file().
#pragma once

#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace cdma::cli {

// Exit codes, documented in `cdma --help`.
enum ExitCode : int {
  kExitOk = 0,
  kExitUsage = 1,  // fix the command line (missing --dtype, existing output without -f, ...)
  kExitData = 2,   // the input is malformed, corrupt or not what it claims
  kExitIo = 3,     // reading, writing or memory failed
};

class CliError : public std::runtime_error {
 public:
  CliError(int exit_code, const std::string& message)
      : std::runtime_error(message), exit_code_(exit_code) {}
  int exit_code() const { return exit_code_; }

 private:
  int exit_code_;
};

// Returns `result` when it is not a library error; otherwise throws
// "WHAT: <cdma_error_name>" with `exit_code` (a failed allocation: kExitIo).
size_t check_lib(size_t result, std::string_view what, int exit_code = kExitData);

// Runs `work` and returns its exit code; a CliError or a failed allocation
// that it throws is printed as the line `cdma: WHERE: what went wrong` (no
// WHERE when empty) and gives its exit code instead.
int run_reporting(std::string_view where, const std::function<int()>& work);

// Runs job(file) on every file. A failure prints its one line on stderr and
// the next file is still processed, as gzip does. Returns kExitOk, or the
// exit code of the first failure.
int for_each_file(const std::vector<std::string>& files,
                  const std::function<void(const std::string&)>& job);

}  // namespace cdma::cli

// The list of inputs a command works through: the FILE arguments, "-" (or
// none at all) for standard input, and with -r the files under each
// directory, in sorted order so that runs are reproducible.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace cdma::cli {

// `wanted(path)` picks the files a directory contributes (compress skips
// *.cdma, the others take only *.cdma); files named on the command line are
// always kept, so that a wrong one gets its own error. Without `recursive`
// directories stay in the list and fail when opened, naming -r. A directory
// that cannot be listed is reported on stderr and sets `listing_failed`.
// A directory contributes regular files only (a FIFO there would block the
// walk), and symbolic links to them only with `follow_links` (as zstd -r,
// which skips links without -f); linked directories are never entered.
struct InputList {
  std::vector<std::string> files;
  bool listing_failed = false;
};
InputList expand_inputs(const std::vector<std::string>& args, bool recursive,
                        const std::function<bool(const std::string&)>& wanted,
                        bool follow_links = true);

// Runs job(file) on every input (failure.hpp's for_each_file) and returns
// the exit code, a failed directory listing counting as an I/O error.
int for_each_input(const InputList& inputs, const std::function<void(const std::string&)>& job);

// Whether `path` ends in ".cdma", the suffix compress adds.
bool has_cdma_suffix(const std::string& path);

}  // namespace cdma::cli

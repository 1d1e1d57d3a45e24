// zstd's rules about terminals: compressed data is never written to one or
// read from one (it would be garbage on the screen, or a user typing into a
// decoder), and the progress line only goes to one.
#pragma once

#include <string>
#include <vector>

#include "options.hpp"

namespace cdma::cli {

enum class Direction { compress, decompress };

// Prints the one-line refusal and returns kExitUsage when `inputs` (after
// expansion) would make the command read from or write compressed data to a
// terminal; returns kExitOk otherwise.
int refuse_terminals(const Options& o, const std::vector<std::string>& inputs, Direction d);

// Whether the user allows a progress line (no -q, no --no-progress); the
// terminal test is Progress's.
bool progress_wanted(const Options& o);

}  // namespace cdma::cli

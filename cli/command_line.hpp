// The options of the codec subcommands (compress, decompress, test, info),
// bound to one Options, and the checks that span several options, made
// once parsing is done.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

#include "options.hpp"

namespace cdma::cli {

// Flags that end up in Options only after parsing.
struct RawFlags {
  bool quiet = false;
  bool verbose = false;
  std::string memory;  // -M as typed
};

struct CodecCommands {
  CLI::App* compress = nullptr;
  CLI::App* decompress = nullptr;
  CLI::App* test = nullptr;
  CLI::App* info = nullptr;
};

CodecCommands add_codec_commands(CLI::App& app, Options& o, RawFlags& flags);

// Folds `flags` into `o` and rejects combinations that make no sense (-o
// with several inputs, --rm with -c, ...). Prints the one-line error and
// returns kExitUsage, or returns kExitOk.
int finish_options(Options& o, const RawFlags& flags);

}  // namespace cdma::cli

// The parsed command line, shared by main.cpp (which fills it) and the
// subcommands (which read it).
#pragma once

#include <string>
#include <vector>

#include "display.hpp"

namespace cdma::cli {

struct Options {
  std::vector<std::string> files;
  std::string output;       // -o; empty: derived from each input's name
  bool force = false;       // -f: replace existing outputs
  bool to_stdout = false;   // -c
  Verbosity verbosity = Verbosity::normal;
  // compress only
  std::string codec = "auto";
  int level = 0;            // 0: the library default
  int block_log = 0;        // 0: the library default
  std::string dtype;        // --dtype; empty: none given
  std::string shape;        // --shape; empty: none given
};

// Subcommands; each returns the process exit code.
int run_compress(const Options& o);
int run_decompress(const Options& o);
int run_info(const Options& o);

}  // namespace cdma::cli

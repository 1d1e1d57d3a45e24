// The parsed command line, shared by main.cpp (which fills it) and the
// subcommands (which read it).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "display.hpp"

namespace cdma::cli {

// The default -M, both directions: enough for one thread on every frame
// cdma writes (16 MiB blocks need 224 MiB, memory_budget.hpp); smaller
// blocks get more threads within it.
inline constexpr uint64_t kDefaultMemoryLimit = uint64_t{256} << 20;

struct Options {
  std::vector<std::string> files;  // empty or "-": standard input
  std::string output;       // -o; empty: derived from each input's name
  std::string output_dir;   // --output-dir; empty: beside each input
  bool force = false;       // -f: replace existing outputs
  bool to_stdout = false;   // -c
  bool keep = false;        // -k: the default, accepted for zstd's users
  bool remove_input = false;  // --rm: delete each input once its output is verified
  bool recursive = false;   // -r
  bool no_progress = false; // --no-progress
  Verbosity verbosity = Verbosity::normal;
  int threads = 1;          // -T; 0: all cores
  uint64_t memory_limit = kDefaultMemoryLimit;  // -M; 0: none
  // compress only
  std::string codec = "auto";
  int level = 0;            // 0: the library default
  int block_log = 0;        // 0: the library default
  bool seek_table = false;  // --seek-table
  std::string dtype;        // --dtype; empty: none given
  std::string shape;        // --shape; empty: none given
  // decompress only
  std::string range;        // --range OFFSET:LENGTH; empty: everything
  std::string tensor;       // --tensor NAME (a container's tensor); empty: none
};

// Subcommands; each returns the process exit code.
int run_compress(const Options& o);
int run_decompress(const Options& o);
int run_range(const Options& o);
int run_test(const Options& o);
int run_info(const Options& o);

}  // namespace cdma::cli

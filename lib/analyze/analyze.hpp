// Analysing tensor files: one tensor (analyze_tensor) or a list of files on
// a pool of threads (run_jobs). File reading is the caller's (the CLI's), so
// that its error handling and messages stay in one place.
#pragma once

#include <cstdint>
#include <exception>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "analyze/channels.hpp"
#include "analyze/figures.hpp"
#include "analyze/ratios.hpp"
#include "analyze/tensor.hpp"

namespace cdma::analyze {

struct AnalyzeOptions {
  InputHints hints;
  Layout layout = Layout::automatic;
};

// Analyses the tensor in `bytes` (the whole content of `path`) and measures
// it with `meter`. Throws InputError when the file is not a tensor cdma reads.
Figures analyze_tensor(const std::string& path, std::span<const uint8_t> bytes,
                       const AnalyzeOptions& options, RatioMeter& meter);

// One file to analyse, and the pools its figures join.
struct Job {
  std::string path;
  std::string directory;            // the directory it was found in (one plot panel each)
  std::vector<std::string> groups;  // directories whose aggregate it counts in
};

struct Outcome {
  std::optional<Figures> figures;  // set on success
  std::exception_ptr failure;      // set on failure: the loader's exception or an InputError
};

// Reads a file whole; may throw anything derived from std::exception.
using Loader = std::function<std::vector<uint8_t>(const std::string&)>;

// Analyses every job on `threads` threads (one file per task, taken in
// order), each thread with its own RatioMeter. Outcomes are in job order
// whatever the scheduling, so output is deterministic.
std::vector<Outcome> run_jobs(std::span<const Job> jobs, const Loader& load,
                              const AnalyzeOptions& options, const RatioPlan& plan,
                              unsigned threads);

}  // namespace cdma::analyze

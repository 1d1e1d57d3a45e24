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

// A tensor stored inside a container file (.safetensors, .npz): `size`
// bytes at `offset` of `file`, described by `hints` when the bytes are raw
// (a safetensors tensor's dtype and shape) or by their own .npy header
// (an .npz member) when unset.
struct ContainerPart {
  std::string file;
  uint64_t offset = 0;
  uint64_t size = 0;
  std::optional<InputHints> hints;
};

// One file (or container part) to analyse, and the pools its figures join.
struct Job {
  std::string path;                 // as reports name it: FILE, or FILE:TENSOR for a part
  std::string directory;            // the directory it was found in (one plot panel each)
  std::vector<std::string> groups;  // directories whose aggregate it counts in
  std::optional<ContainerPart> part;
};

// The hints to read `job` with: its part's own, else the command line's.
inline const InputHints& hints_for(const Job& job, const InputHints& command_line) {
  return job.part && job.part->hints ? *job.part->hints : command_line;
}

struct Outcome {
  std::optional<Figures> figures;  // set on success
  std::exception_ptr failure;      // set on failure: the loader's exception or an InputError
};

// Reads a job's bytes (a file whole, or its container part); may throw
// anything derived from std::exception.
using Loader = std::function<std::vector<uint8_t>(const Job&)>;

// Analyses every job on `threads` threads (one file per task, taken in
// order), each thread with its own RatioMeter. Outcomes are in job order
// whatever the scheduling, so output is deterministic.
std::vector<Outcome> run_jobs(std::span<const Job> jobs, const Loader& load,
                              const AnalyzeOptions& options, const RatioPlan& plan,
                              unsigned threads);

}  // namespace cdma::analyze

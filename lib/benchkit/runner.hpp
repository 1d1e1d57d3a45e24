// Timing: every method codes the same aligned bytes, in rounds that visit
// every method in turn (so a burst of load from another process falls on
// all of them, not on one), and the median round is reported. Each file is
// coded on its own, as a user compresses tensors. Every decode is compared
// with the input byte for byte, outside the timed region, into a buffer
// scribbled over first so that a decoder that writes nothing cannot pass.
#pragma once

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "benchkit/aligned.hpp"
#include "benchkit/methods.hpp"

namespace cdma::benchkit {

struct Sample {
  std::string name;   // the file, for messages
  std::string group;  // its directory, for reports
  AlignedBuffer bytes;
  unsigned width = 1;  // element width cdma codes it with
};

struct RunOptions {
  unsigned rounds = 5;
  unsigned threads = 1;  // files coded in parallel, the same for every method
};

struct Result {
  std::string name;
  std::string family;
  uint64_t in_bytes = 0;
  uint64_t out_bytes = 0;
  double compress_s = 0;    // median round, all files
  double decompress_s = 0;  // median round, all files

  double ratio() const { return out_bytes ? double(in_bytes) / double(out_bytes) : 0; }
  double compress_gbps() const { return compress_s > 0 ? double(in_bytes) / compress_s / 1e9 : 0; }
  double decompress_gbps() const {
    return decompress_s > 0 ? double(in_bytes) / decompress_s / 1e9 : 0;
  }
};

struct Run {
  std::vector<Result> results;  // in method order; memcpy's is the reference
  unsigned rounds = 0;
  unsigned threads = 0;
  uint64_t bytes = 0;
  size_t files = 0;
  std::string simd_target;  // Highway's target and the hand-written kernels that run (simd::dispatch_summary)

  // The memcpy result, or nullptr when it was not measured.
  const Result* memcpy_result() const;
};

// A decode that did not give back the input, or a method that failed.
class BenchError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Called after each round with (round done, rounds), for a progress line.
using Progress = std::function<void(unsigned, unsigned)>;

// Times every method on every sample. Throws BenchError naming the method
// and the file on any failure or mismatch.
Run run_bench(const std::vector<Sample>& samples, const std::vector<Method>& methods,
              const RunOptions& options, const Progress& progress = {});

}  // namespace cdma::benchkit

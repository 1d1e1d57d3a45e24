// `cdma analyze` and `cdma bench` on container files: each tensor of a
// .safetensors or .npz argument becomes a job of its own, named
// FILE:TENSOR, whose directory is the container, so that the reports list
// it per tensor with a total for the container, as for a directory of .npy
// files.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analyze/analyze.hpp"

namespace cdma::cli {

// Something to say about one input: a note (exit_code 0), or why it gave
// no tensors (exit 2 for a malformed container, 1 for a compressed file).
struct ContainerIssue {
  std::string path;
  std::string message;
  int exit_code = 0;
};

struct ContainerJobs {
  std::vector<analyze::Job> jobs;  // in input order, containers expanded in byte order
  std::vector<ContainerIssue> issues;
};

// `jobs` with each container file replaced by its tensors: a safetensors
// file's tensors (validated as `cdma compress` validates them) with their
// dtype and shape, an .npz's stored members (deflated ones are skipped with
// a note). A compressed file (.cdma) is refused: these commands measure raw
// tensors.
ContainerJobs expand_containers(const std::vector<analyze::Job>& jobs);

// The bytes of `job`: its container part, or its file whole. Throws CliError.
std::vector<uint8_t> load_job(const analyze::Job& job);

}  // namespace cdma::cli

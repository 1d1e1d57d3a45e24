// Container files (safetensors, .npz) are compressed as a sequence of frames,
// one per tensor, each with its own element width, dtype and shape, and the
// container's other bytes (headers, zip structure) in between, either as a
// tensor frame's file prefix or as frames of plain bytes. Frames
// concatenate and decoders restore a concatenation of frames as the
// concatenation of their prefixes and contents, so a plain `cdma
// decompress` gives back the identical file.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "input_stream.hpp"
#include "options.hpp"
#include "output_sink.hpp"
#include "progress.hpp"
#include "tensor_input.hpp"

namespace cdma::cli {

// One frame: the next `prefix_size` bytes of the input as its file prefix
// (at most 1 MiB), then the next *content.content_size bytes as content.
struct Segment {
  uint64_t prefix_size = 0;
  TensorInput content;  // content_size always set
};

struct ContainerPlan {
  std::vector<Segment> segments;  // covering the whole input, in order
  std::string description;        // one line for -v
};

// The plan for `file` when its name says it is a container (.safetensors,
// .npz), validated before any output exists; nullopt for any other file.
// `in` is the opened input, nothing consumed. Throws CliError: kExitData
// naming the container's part that is malformed.
std::optional<ContainerPlan> container_plan(const std::string& file, InputStream& in);

// Writes the plan's frames from `in` to `out`; returns the input bytes taken.
uint64_t encode_container(const Options& o, const ContainerPlan& plan, InputStream& in,
                          OutputSink& out, Progress& progress);

// A segment of `size` plain bytes (element width 1, no dtype).
Segment bytes_segment(uint64_t size);

}  // namespace cdma::cli

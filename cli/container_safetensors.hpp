// safetensors files in the CLI. `cdma compress x.safetensors` writes one frame
// for the 8-byte length and JSON header (element width 1), then one frame per
// tensor in the order of its bytes, each with the tensor's element width,
// dtype and shape. Frames concatenate, and decoders restore a concatenation
// of frames as the concatenation of their contents, so a plain `cdma
// decompress` gives back the identical file; `cdma info` and
// `decompress --tensor` find the tensors again through the header frame.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "cdma/cdma.h"
#include "frame_checks.hpp"
#include "input_stream.hpp"
#include "options.hpp"
#include "output_sink.hpp"
#include "progress.hpp"
#include "tensorio/safetensors.hpp"

namespace cdma::cli {

bool is_safetensors_name(const std::string& path);

// A validated safetensors input, ready to encode.
struct SafetensorsInput {
  std::vector<uint8_t> header;  // the 8-byte length and the JSON
  tensorio::SafetensorsLayout layout;
  std::string description;      // one line for -v
};

// Reads and validates the header of `in` (nothing consumed yet). Throws
// CliError: kExitData naming the tensor for a malformed header, kExitUsage
// for an input that is not a regular file.
SafetensorsInput read_safetensors_input(InputStream& in);

// Writes the frames for `st` and the rest of `in` to `out`; returns the
// input bytes taken (the whole file).
uint64_t encode_safetensors(const Options& o, const SafetensorsInput& st, InputStream& in,
                            OutputSink& out, Progress& progress);

// A compressed safetensors file, recognised from its frames: the first
// holds a valid header whose tensors match the other frames one for one.
struct SafetensorsFrames {
  tensorio::SafetensorsLayout layout;
  // frames[k + 1] holds layout.tensors[k].
};

// nullopt when `frames` of `file` are not a compressed safetensors file (any
// other concatenation of frames). Decodes only the first frame. Throws
// CliError for a damaged first frame.
std::optional<SafetensorsFrames> find_safetensors(std::span<const uint8_t> file,
                                                  const std::vector<FrameSpan>& frames);

// Prints the tensors of a compressed safetensors file for `cdma info`: name,
// dtype, shape, bytes, frame bytes and ratio, one line each.
void print_safetensors_tensors(const SafetensorsFrames& st, const std::vector<FrameSpan>& frames);

}  // namespace cdma::cli

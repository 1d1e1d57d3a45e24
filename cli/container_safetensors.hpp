// safetensors files in the CLI (see container_plan.hpp): one frame for the
// 8-byte length and JSON header, then one per tensor; `cdma info` finds the
// tensors again through the header frame.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "cdma/cdma.h"
#include "frame_checks.hpp"
#include "container_plan.hpp"
#include "input_stream.hpp"
#include "tensorio/safetensors.hpp"

namespace cdma::cli {

bool is_safetensors_name(const std::string& path);

// The frames of a safetensors file: the 8-byte length and JSON header as
// plain bytes, then each tensor in the order of its bytes. Reads and
// validates the header of `in` (nothing consumed). Throws CliError: kExitData
// naming the tensor for a malformed header, kExitUsage for a pipe.
ContainerPlan plan_safetensors(InputStream& in);

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

// .npz archives in the CLI (see container_plan.hpp): each stored .npy member
// becomes a frame whose file prefix is the member's zip local header and
// .npy header and whose content is its array data, coded with the array's
// element width, dtype and shape. Deflated members (numpy.savez_compressed),
// the central directory and any other zip bytes are carried verbatim as
// frames of plain bytes, so the archive is always restored byte for byte.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "container_plan.hpp"
#include "frame_checks.hpp"
#include "input_stream.hpp"
#include "tensorio/npy.hpp"

namespace cdma::cli {

bool is_npz_name(const std::string& path);

// Validates the archive `file` (lib/tensorio/npz.hpp, and each stored
// member's .npy header) and plans its frames. Throws CliError: kExitData
// naming the member for a malformed archive, kExitUsage for a pipe.
ContainerPlan plan_npz(const std::string& file, InputStream& in);

// A stored member of a compressed .npz, found from its frame's file prefix.
struct NpzFrameMember {
  size_t frame = 0;             // index in the frames
  std::string name;             // as the zip names it: "x.npy"
  tensorio::NpyHeader npy;      // from the prefix: dtype, shape, order
};

// The stored members of compressed .npz `file`: the frames whose file
// prefix is a zip local header followed by a valid .npy header whose data
// size is the frame's content size. Empty for any other file. Reads only
// the frames' prefixes.
std::vector<NpzFrameMember> find_npz_members(std::span<const uint8_t> file,
                                             const std::vector<FrameSpan>& frames);

// Prints the stored members for `cdma info`: dtype, shape, bytes, frame
// bytes, ratio and name, one line each, and what the other frames carry.
void print_npz_members(const std::vector<NpzFrameMember>& members,
                       const std::vector<FrameSpan>& frames);

}  // namespace cdma::cli

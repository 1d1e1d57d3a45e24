// .npz archives in the CLI (see container_plan.hpp): each stored .npy member
// becomes a frame whose file prefix is the zip bytes before its array data
// (local header, .npy header) and whose content is that data, coded with the
// array's element width, dtype and shape. Deflated members
// (numpy.savez_compressed), the central directory and any other zip bytes
// are carried verbatim as frames of plain bytes, so the archive is always
// restored byte for byte.
#pragma once

#include <string>

#include "container_plan.hpp"
#include "input_stream.hpp"

namespace cdma::cli {

bool is_npz_name(const std::string& path);

// Validates the archive `file` (lib/tensorio/npz.hpp, and each stored
// member's .npy header) and plans its frames. Throws CliError: kExitData
// naming the member for a malformed archive, kExitUsage for a pipe.
ContainerPlan plan_npz(const std::string& file, InputStream& in);

}  // namespace cdma::cli

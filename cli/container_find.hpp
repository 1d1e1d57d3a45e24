// `decompress --tensor NAME`: which frame of a compressed container holds the
// tensor NAME: a safetensors tensor (through the header frame), or a stored
// .npz member (its name is in the zip local header that the frame carries
// as its file prefix; "x" finds "x.npy", as numpy.load(npz)["x"] does).
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "frame_checks.hpp"

namespace cdma::cli {

// The member name in a zip local file header at the start of `prefix` (the
// file prefix of a stored .npz member's frame), or "" when it is not one.
std::string zip_member_name(std::span<const uint8_t> prefix);

// The index in `frames` of the frame holding tensor `name`. Throws CliError
// (kExitUsage) when the file has no such tensor, listing a few it has.
size_t find_tensor_frame(std::span<const uint8_t> file, const std::vector<FrameSpan>& frames,
                         const std::string& name);

}  // namespace cdma::cli

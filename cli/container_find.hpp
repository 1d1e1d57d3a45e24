// `decompress --tensor NAME`: which frame of a compressed container holds the
// tensor NAME: a safetensors tensor (through the header frame), or a stored
// .npz member (container_npz.hpp; "x" finds "x.npy", as numpy.load(npz)["x"]
// does).
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "frame_checks.hpp"

namespace cdma::cli {

// The index in `frames` of the frame holding tensor `name`. Throws CliError
// (kExitUsage) when the file has no such tensor, listing a few it has.
size_t find_tensor_frame(std::span<const uint8_t> file, const std::vector<FrameSpan>& frames,
                         const std::string& name);

}  // namespace cdma::cli

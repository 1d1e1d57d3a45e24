// Validating a .cdma file before anything is allocated from its header:
// the header must parse, the blocks must walk to exactly the end of the file,
// and the promised content must be something the frame and the machine can
// actually hold.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "cdma/cdma.h"

namespace cdma::cli {

struct CheckedFrame {
  cdma_frame_info info{};
  size_t frame_size = 0;
};

// Parses the header and walks the blocks of the single frame that must fill
// `bytes`. Throws CliError (kExitData) naming what is wrong.
CheckedFrame check_frame(std::span<const uint8_t> bytes);

// Throws CliError (kExitData) unless the content size is recorded and
// plausible: no more than the frame's blocks can hold (each block has a
// header, so a frame of N bytes has at most N / 12 blocks), and, with the
// file prefix, no more than this machine's physical memory.
void check_content_fits(const CheckedFrame& frame);

}  // namespace cdma::cli

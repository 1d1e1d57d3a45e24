// The frames of a whole .cdma file in memory (mapped), found by parsing each
// header and walking its block headers without decoding a payload: what
// `cdma info` lists and where `decompress --range` looks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "cdma/cdma.h"
#include "failure.hpp"

namespace cdma::cli {

struct FrameSpan {
  cdma_frame_info info{};
  uint64_t offset = 0;  // where the frame starts in the file
  uint64_t size = 0;    // frame bytes: header, blocks, checksum, seek table
};

// Every frame of `file`, which they must fill exactly. Throws CliError
// (kExitData) naming the frame and what is wrong with it.
std::vector<FrameSpan> walk_frames(std::span<const uint8_t> file);

// The file prefix recorded in the frame whose header starts `head`.
std::vector<uint8_t> read_file_prefix(const cdma_frame_info& info, std::span<const uint8_t> head);

// Throws CliError (kExitData) naming `frame` when the tensor metadata of a
// frame (its dtype, shape, file `prefix` and content size) is inconsistent:
// such a frame is forged or damaged even when its checksums hold.
void check_tensor_metadata(const cdma_frame_info& info, std::span<const uint8_t> prefix,
                           const std::string& frame);

// The error for bytes after frame `frames` that are not a frame (zstd's
// "unknown header"), saying what they are: `seen` is all of them when
// `whole`, else their start. 1-3 zero bytes read as "zero padding", not
// as a truncated header.
CliError trailing_data_error(std::span<const uint8_t> seen, bool whole, uint64_t frames);

// Blocks in the frame: its content cut into block_size pieces (an empty
// frame still has one, empty, block). 0 when the content size is unknown.
uint64_t block_count(const cdma_frame_info& info);

}  // namespace cdma::cli

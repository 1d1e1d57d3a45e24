// The block structure of a frame, found by walking block headers without
// decoding payloads. Every size is validated here, once, so that decoders
// (one block, a range of blocks, or all of them on several threads) can
// trust the index.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "frame/frame_format.hpp"

namespace cdma::frame {

struct BlockRef {
  size_t payload;   // offset of the payload in the frame
  uint32_t raw_size;
  uint32_t compressed_size;
  uint8_t codec;
};

struct BlockIndex {
  std::vector<BlockRef> blocks;
  uint64_t content_size = 0;  // sum of raw sizes
  size_t checksum_offset = 0; // where the content checksum is (if any)
  size_t frame_size = 0;      // bytes of the whole frame
  std::vector<uint32_t> block_checksums;  // from the seek table, when the frame has one
};

// Walks the blocks of the frame whose header `h` was parsed from src.
// Returns the frame size or an error result.
size_t index_blocks(const Header& h, const uint8_t* src, size_t src_size, BlockIndex* out);

}  // namespace cdma::frame

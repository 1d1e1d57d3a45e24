// One-shot frame compression and decompression over whole buffers.
#pragma once

#include <cstddef>
#include <cstdint>

#include "frame/frame_format.hpp"

namespace cdma::frame {

struct CompressParams {
  unsigned codec = 255;  // cdma_codec, AUTO by default
  int level = 3;
  unsigned element_width = 4;
  unsigned block_log = kDefaultBlockLog;
  bool checksum = true;
};

// Worst case for any block size the format allows (blocks of 4 KiB).
size_t compress_bound(size_t src_size, const TensorMeta& meta);

size_t compress(const CompressParams& p, const TensorMeta& meta, const uint8_t* src, size_t size,
                uint8_t* dst, size_t dst_capacity);

// Decodes the single frame that occupies all of src.
size_t decompress(const uint8_t* src, size_t src_size, uint8_t* dst, size_t dst_capacity);

// Size of the frame at the start of src, found by walking block headers.
size_t compressed_size(const uint8_t* src, size_t src_size);

}  // namespace cdma::frame

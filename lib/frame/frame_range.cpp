// Random access: decode only the blocks that overlap a content range. Block
// k covers content [k * block_size, (k + 1) * block_size), so the blocks
// follow from the offsets alone once the block index is known.
#include <algorithm>
#include <cstring>
#include <vector>

#include "common/error.hpp"
#include "common/thread_pool.hpp"
#include "frame/block_index.hpp"
#include "frame/frame_codec.hpp"
#include "frame/frame_header.hpp"
#include "frame/workspaces.hpp"

namespace cdma::frame {

size_t decompress_range(const uint8_t* src, size_t src_size, uint64_t offset, uint64_t length,
                        uint8_t* dst, size_t dst_capacity, ThreadPool* pool, Workspaces& ws) {
  Header h;
  CDMA_FORWARD_IF_ERROR(parse_header(src, src_size, &h));
  BlockIndex index;
  const size_t end = index_blocks(h, src, src_size, &index);
  CDMA_FORWARD_IF_ERROR(end);
  CDMA_RETURN_ERROR_IF(end != src_size, src_size_wrong);
  CDMA_RETURN_ERROR_IF(offset > index.content_size || length > index.content_size - offset,
                       parameter_out_of_bound);
  CDMA_RETURN_ERROR_IF(length > dst_capacity, dst_too_small);
  if (length == 0) return 0;

  const size_t block = h.block_size();
  const size_t first = static_cast<size_t>(offset / block);
  const size_t last = static_cast<size_t>((offset + length - 1) / block);
  const size_t count = last - first + 1;
  // Whole blocks are decoded into scratch (at most the range plus two
  // blocks), then the requested bytes are copied out.
  std::vector<uint8_t> blocks(count * block);
  ws.prepare(pool != nullptr ? pool->threads() : 1, UINT64_MAX);  // no limit here, as in decompress()
  CDMA_FORWARD_IF_ERROR(decode_indexed_blocks(h, index, src, first, count, blocks.data(), pool, ws));
  if (!index.block_checksums.empty()) {
    for (size_t i = 0; i < count; ++i) {
      const uint32_t raw = index.blocks[first + i].raw_size;
      CDMA_RETURN_ERROR_IF(block_checksum(blocks.data() + i * block, raw) != index.block_checksums[first + i],
                           checksum_wrong);
    }
  }
  std::memcpy(dst, blocks.data() + (offset - static_cast<uint64_t>(first) * block), static_cast<size_t>(length));
  return static_cast<size_t>(length);
}

}  // namespace cdma::frame

#include "frame/block_index.hpp"

#include "common/error.hpp"
#include "frame/frame_header.hpp"

namespace cdma::frame {

size_t index_blocks(const Header& h, const uint8_t* src, size_t src_size, BlockIndex* out) {
  out->blocks.clear();
  size_t pos = h.header_size;
  uint64_t content = 0;
  for (;;) {
    BlockHeader b;
    CDMA_FORWARD_IF_ERROR(parse_block_header(src + pos, src_size - pos, h, &b));
    pos += kBlockHeaderSize;
    CDMA_RETURN_ERROR_IF(src_size - pos < b.compressed_size, src_size_wrong);
    // An empty block is only legal as the whole of an empty content.
    CDMA_RETURN_ERROR_IF(b.raw_size == 0 && (content != 0 || !b.last), corruption_detected);
    if (h.content_size != kUnknownContentSize)
      CDMA_RETURN_ERROR_IF(content + b.raw_size > h.content_size, corruption_detected);
    out->blocks.push_back({pos, b.raw_size, b.compressed_size, b.codec});
    pos += b.compressed_size;
    content += b.raw_size;
    if (b.last) break;
  }
  if (h.content_size != kUnknownContentSize)
    CDMA_RETURN_ERROR_IF(content != h.content_size, corruption_detected);
  out->content_size = content;
  out->checksum_offset = pos;
  if (h.has_checksum()) {
    CDMA_RETURN_ERROR_IF(src_size - pos < kContentChecksumSize, src_size_wrong);
    pos += kContentChecksumSize;
  }
  out->frame_size = pos;
  return pos;
}

}  // namespace cdma::frame

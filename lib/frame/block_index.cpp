#include "frame/block_index.hpp"

#include "common/endian.hpp"
#include "common/error.hpp"
#include "frame/frame_codec.hpp"
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
  if (h.has_seek_table()) {
    // The table must describe exactly the blocks just walked.
    const size_t n = out->blocks.size();
    CDMA_RETURN_ERROR_IF((src_size - pos) / kSeekEntrySize < n + 1, src_size_wrong);
    const uint8_t* t = src + pos;
    CDMA_RETURN_ERROR_IF(load_le32(t + n * kSeekEntrySize) != n, corruption_detected);
    CDMA_RETURN_ERROR_IF(load_le32(t + n * kSeekEntrySize + 4) != kSeekMagic, corruption_detected);
    out->block_checksums.resize(n);
    for (size_t i = 0; i < n; ++i) {
      const BlockRef& b = out->blocks[i];
      CDMA_RETURN_ERROR_IF(load_le32(t + i * kSeekEntrySize) != kBlockHeaderSize + b.compressed_size,
                           corruption_detected);
      out->block_checksums[i] = load_le32(t + i * kSeekEntrySize + 4);
    }
    pos += seek_table_size(n);
  }
  out->frame_size = pos;
  return pos;
}

}  // namespace cdma::frame

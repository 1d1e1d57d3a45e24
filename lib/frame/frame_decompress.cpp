#include "common/checksum.hpp"
#include "common/endian.hpp"
#include "common/error.hpp"
#include "frame/frame_codec.hpp"
#include "frame/frame_header.hpp"
#include "pipeline/block_codec.hpp"

namespace cdma::frame {
namespace {

// Walks the blocks of a parsed frame. Without `decode` it only checks the
// block structure and sizes; otherwise it decodes into dst as it goes.
// Returns the frame size (checksum included) or an error result.
size_t walk_blocks(const Header& h, const uint8_t* src, size_t src_size, bool decode, uint8_t* dst,
                   size_t dst_capacity, size_t* content_out) {
  size_t pos = h.header_size;
  uint64_t content = 0;
  for (;;) {
    BlockHeader b;
    CDMA_FORWARD_IF_ERROR(parse_block_header(src + pos, src_size - pos, h, &b));
    pos += kBlockHeaderSize;
    CDMA_RETURN_ERROR_IF(src_size - pos < b.compressed_size, src_size_wrong);
    // An empty block is only legal as the whole of an empty content.
    CDMA_RETURN_ERROR_IF(b.raw_size == 0 && content != 0, corruption_detected);
    if (h.content_size != kUnknownContentSize)
      CDMA_RETURN_ERROR_IF(content + b.raw_size > h.content_size, corruption_detected);
    if (decode) {
      CDMA_RETURN_ERROR_IF(dst_capacity - content < b.raw_size, dst_too_small);
      CDMA_FORWARD_IF_ERROR(decode_block(b.codec, h.element_width, src + pos, b.compressed_size,
                                         dst + content, b.raw_size));
    }
    pos += b.compressed_size;
    content += b.raw_size;
    if (b.last) break;
  }
  if (h.content_size != kUnknownContentSize)
    CDMA_RETURN_ERROR_IF(content != h.content_size, corruption_detected);
  if (h.has_checksum()) {
    CDMA_RETURN_ERROR_IF(src_size - pos < kContentChecksumSize, src_size_wrong);
    if (decode)
      CDMA_RETURN_ERROR_IF(load_le64(src + pos) != xxh3_64(dst, content), checksum_wrong);
    pos += kContentChecksumSize;
  }
  *content_out = content;
  return pos;
}

}  // namespace

size_t decompress(const uint8_t* src, size_t src_size, uint8_t* dst, size_t dst_capacity) {
  Header h;
  CDMA_FORWARD_IF_ERROR(parse_header(src, src_size, &h));
  // Refuse before decoding anything when the recorded size cannot fit.
  if (h.content_size != kUnknownContentSize)
    CDMA_RETURN_ERROR_IF(h.content_size > dst_capacity, dst_too_small);
  size_t content = 0;
  const size_t end = walk_blocks(h, src, src_size, true, dst, dst_capacity, &content);
  CDMA_FORWARD_IF_ERROR(end);
  CDMA_RETURN_ERROR_IF(end != src_size, src_size_wrong);
  return content;
}

size_t compressed_size(const uint8_t* src, size_t src_size) {
  Header h;
  CDMA_FORWARD_IF_ERROR(parse_header(src, src_size, &h));
  size_t content = 0;
  return walk_blocks(h, src, src_size, false, nullptr, 0, &content);
}

}  // namespace cdma::frame

#include <algorithm>

#include "common/checksum.hpp"
#include "common/endian.hpp"
#include "common/error.hpp"
#include "frame/frame_codec.hpp"
#include "frame/frame_header.hpp"
#include "pipeline/block_codec.hpp"

namespace cdma::frame {

size_t compress_bound(size_t src_size, const TensorMeta& meta) {
  const size_t min_block = size_t{1} << kMinBlockLog;
  const size_t blocks = std::max<size_t>(1, src_size / min_block + (src_size % min_block != 0));
  const size_t overhead = header_size(meta) + blocks * kBlockHeaderSize + kContentChecksumSize;
  CDMA_RETURN_ERROR_IF(src_size > make_error(CDMA_ERROR_maxCode) - overhead - 1, src_size_wrong);
  return src_size + overhead;
}

size_t compress(const CompressParams& p, const TensorMeta& meta, const uint8_t* src, size_t size,
                uint8_t* dst, size_t cap) {
  Header h;
  h.flags = p.checksum ? kFlagContentChecksum : 0;
  h.element_width = p.element_width;
  h.block_log = p.block_log;
  h.codec = static_cast<uint8_t>(p.codec);
  h.level = static_cast<uint8_t>(p.level);
  h.content_size = size;
  const size_t hsize = header_size(meta);
  CDMA_RETURN_ERROR_IF(cap < hsize, dst_too_small);
  size_t pos = write_header(dst, h, meta);

  const size_t block = h.block_size();
  size_t done = 0;
  do {
    const size_t raw = std::min(block, size - done);
    CDMA_RETURN_ERROR_IF(cap - pos < kBlockHeaderSize + raw, dst_too_small);
    uint8_t* payload = dst + pos + kBlockHeaderSize;
    const EncodedBlock e =
        encode_block(p.codec, p.level, p.element_width, src + done, raw, payload, cap - pos - kBlockHeaderSize);
    done += raw;
    BlockHeader bh;
    bh.codec = e.codec;
    bh.last = done == size;
    bh.raw_size = static_cast<uint32_t>(raw);
    bh.compressed_size = static_cast<uint32_t>(e.size);
    write_block_header(dst + pos, bh);
    pos += kBlockHeaderSize + e.size;
  } while (done < size);

  if (p.checksum) {
    CDMA_RETURN_ERROR_IF(cap - pos < kContentChecksumSize, dst_too_small);
    store_le64(dst + pos, xxh3_64(src, size));
    pos += kContentChecksumSize;
  }
  return pos;
}

}  // namespace cdma::frame

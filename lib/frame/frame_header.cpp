#include "frame/frame_header.hpp"

#include <cstring>

#include "common/checksum.hpp"
#include "common/endian.hpp"
#include "common/error.hpp"

namespace cdma::frame {
namespace {

size_t metadata_size(const TensorMeta& meta) {
  size_t n = 0;
  if (!meta.dtype.empty()) n += kMetaEntryHeaderSize + meta.dtype.size();
  if (meta.has_shape) n += kMetaEntryHeaderSize + 8 * meta.shape.size();
  if (!meta.prefix.empty()) n += kMetaEntryHeaderSize + meta.prefix.size();
  return n;
}

uint8_t* put_entry(uint8_t* p, uint8_t tag, const void* data, size_t size) {
  p[0] = tag;
  store_le32(p + 1, static_cast<uint32_t>(size));
  if (size) std::memcpy(p + kMetaEntryHeaderSize, data, size);
  return p + kMetaEntryHeaderSize + size;
}

// Parses the metadata entries in [p, p + size). Each known tag may appear
// once; unknown tags are skipped so that later versions can add entries.
size_t parse_metadata(const uint8_t* base, size_t offset, size_t size, Header* h) {
  const uint8_t* p = base + offset;
  const uint8_t* const end = p + size;
  bool seen[4] = {};
  while (p != end) {
    CDMA_RETURN_ERROR_IF(static_cast<size_t>(end - p) < kMetaEntryHeaderSize, corruption_detected);
    const uint8_t tag = p[0];
    const size_t len = load_le32(p + 1);
    p += kMetaEntryHeaderSize;
    CDMA_RETURN_ERROR_IF(static_cast<size_t>(end - p) < len, corruption_detected);
    if (tag < 4) {
      CDMA_RETURN_ERROR_IF(tag == 0 || seen[tag], corruption_detected);
      seen[tag] = true;
    }
    switch (tag) {
      case kTagDtype:
        CDMA_RETURN_ERROR_IF(len == 0 || len > kMaxDtype, metadata_invalid);
        for (size_t i = 0; i < len; ++i)
          CDMA_RETURN_ERROR_IF(p[i] < 0x21 || p[i] > 0x7E, metadata_invalid);
        h->dtype.assign(reinterpret_cast<const char*>(p), len);
        break;
      case kTagShape:
        CDMA_RETURN_ERROR_IF(len % 8 != 0 || len / 8 > kMaxNdim, metadata_invalid);
        h->has_shape = true;
        h->shape.resize(len / 8);
        for (size_t i = 0; i < len / 8; ++i) h->shape[i] = load_le64(p + 8 * i);
        break;
      case kTagFilePrefix:
        CDMA_RETURN_ERROR_IF(len == 0 || len > kMaxPrefix, metadata_invalid);
        h->prefix_offset = static_cast<size_t>(p - base);
        h->prefix_size = len;
        break;
      default:
        break;
    }
    p += len;
  }
  return 0;
}

}  // namespace

size_t header_size(const TensorMeta& meta) {
  const size_t meta_size = metadata_size(meta);
  return kFixedHeaderSize + (meta_size ? 4 + meta_size : 0) + kHeaderChecksumSize;
}

size_t write_header(uint8_t* dst, const Header& h, const TensorMeta& meta) {
  const size_t meta_size = metadata_size(meta);
  uint8_t flags = h.flags & (kFlagContentChecksum | kFlagSeekTable);
  if (meta_size) flags |= kFlagMetadata;
  store_le32(dst, kMagic);
  dst[4] = kVersion;
  dst[5] = flags;
  dst[6] = static_cast<uint8_t>(h.element_width);
  dst[7] = static_cast<uint8_t>(h.block_log);
  dst[8] = h.codec;
  dst[9] = h.level;
  dst[10] = dst[11] = 0;
  store_le64(dst + 12, h.content_size);
  uint8_t* p = dst + kFixedHeaderSize;
  if (meta_size) {
    store_le32(p, static_cast<uint32_t>(meta_size));
    p += 4;
    if (!meta.dtype.empty()) p = put_entry(p, kTagDtype, meta.dtype.data(), meta.dtype.size());
    if (meta.has_shape) {
      p[0] = kTagShape;
      store_le32(p + 1, static_cast<uint32_t>(8 * meta.shape.size()));
      p += kMetaEntryHeaderSize;
      for (uint64_t d : meta.shape) {
        store_le64(p, d);
        p += 8;
      }
    }
    if (!meta.prefix.empty()) p = put_entry(p, kTagFilePrefix, meta.prefix.data(), meta.prefix.size());
  }
  store_le32(p, static_cast<uint32_t>(xxh3_64(dst, static_cast<size_t>(p - dst))));
  return static_cast<size_t>(p - dst) + kHeaderChecksumSize;
}

bool starts_like_magic(const uint8_t* src, size_t src_size) {
  uint8_t magic[4];
  store_le32(magic, kMagic);
  return src_size == 0 || std::memcmp(src, magic, src_size < 4 ? src_size : 4) == 0;
}

size_t parse_header(const uint8_t* src, size_t src_size, Header* out) {
  // Check the magic on whatever is there first, so that a short non-cdma
  // input reports "not a cdma frame" rather than "truncated".
  CDMA_RETURN_ERROR_IF(!starts_like_magic(src, src_size), prefix_unknown);
  CDMA_RETURN_ERROR_IF(src_size < 4, src_size_wrong);
  CDMA_RETURN_ERROR_IF(src_size < kMinHeaderSize, src_size_wrong);
  Header h;
  CDMA_RETURN_ERROR_IF(src[4] != kVersion, version_unsupported);
  h.flags = src[5];
  CDMA_RETURN_ERROR_IF(h.flags & ~kFlagsKnown, reserved_bits_set);
  CDMA_RETURN_ERROR_IF(src[10] != 0 || src[11] != 0, reserved_bits_set);
  size_t pos = kFixedHeaderSize;
  size_t meta_size = 0;
  if (h.flags & kFlagMetadata) {
    CDMA_RETURN_ERROR_IF(src_size < pos + 4 + kHeaderChecksumSize, src_size_wrong);
    meta_size = load_le32(src + pos);
    pos += 4;
    CDMA_RETURN_ERROR_IF(meta_size == 0 || meta_size > kMaxMetadataSize, corruption_detected);
    CDMA_RETURN_ERROR_IF(src_size - pos - kHeaderChecksumSize < meta_size, src_size_wrong);
  }
  // The header checksum comes before any other field is trusted.
  const size_t checked = pos + meta_size;
  CDMA_RETURN_ERROR_IF(load_le32(src + checked) != static_cast<uint32_t>(xxh3_64(src, checked)),
                       header_checksum_wrong);
  h.element_width = src[6];
  h.block_log = src[7];
  h.codec = src[8];
  h.level = src[9];
  h.content_size = load_le64(src + 12);
  CDMA_RETURN_ERROR_IF(!element_width_valid(h.element_width), frame_parameter_invalid);
  CDMA_RETURN_ERROR_IF(h.block_log < kMinBlockLog || h.block_log > kMaxBlockLog,
                       frame_parameter_invalid);
  if (meta_size) CDMA_FORWARD_IF_ERROR(parse_metadata(src, pos, meta_size, &h));
  h.header_size = checked + kHeaderChecksumSize;
  *out = std::move(h);
  return out->header_size;
}

void write_block_header(uint8_t* dst, const BlockHeader& b) {
  dst[0] = b.codec;
  dst[1] = b.last ? kBlockFlagLast : 0;
  dst[2] = dst[3] = 0;
  store_le32(dst + 4, b.raw_size);
  store_le32(dst + 8, b.compressed_size);
}

size_t parse_block_header(const uint8_t* src, size_t src_size, const Header& h, BlockHeader* out) {
  CDMA_RETURN_ERROR_IF(src_size < kBlockHeaderSize, src_size_wrong);
  CDMA_RETURN_ERROR_IF(src[1] & ~kBlockFlagsKnown, reserved_bits_set);
  CDMA_RETURN_ERROR_IF(src[2] != 0 || src[3] != 0, reserved_bits_set);
  out->codec = src[0];
  out->last = (src[1] & kBlockFlagLast) != 0;
  out->raw_size = load_le32(src + 4);
  out->compressed_size = load_le32(src + 8);
  CDMA_RETURN_ERROR_IF(out->raw_size > h.block_size(), corruption_detected);
  // Only the last block may be short, so block k always starts at k * block_size.
  CDMA_RETURN_ERROR_IF(!out->last && out->raw_size != h.block_size(), corruption_detected);
  // No codec may expand: a block that does not shrink is stored raw.
  CDMA_RETURN_ERROR_IF(out->compressed_size > out->raw_size, corruption_detected);
  return kBlockHeaderSize;
}

}  // namespace cdma::frame

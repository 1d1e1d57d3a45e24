// Frame format v1 constants and the parsed header (docs/format.md is the
// authority; keep the two in step).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace cdma::frame {

inline constexpr uint32_t kMagic = 0xA14D4443;  // bytes 43 44 4D A1: "CDM" then 0xA1
inline constexpr uint8_t kVersion = 1;
inline constexpr size_t kFixedHeaderSize = 20;  // magic .. content size
inline constexpr size_t kHeaderChecksumSize = 4;
inline constexpr size_t kMinHeaderSize = kFixedHeaderSize + kHeaderChecksumSize;
inline constexpr size_t kBlockHeaderSize = 12;
inline constexpr size_t kContentChecksumSize = 8;

inline constexpr uint8_t kFlagContentChecksum = 1u << 0;
inline constexpr uint8_t kFlagMetadata = 1u << 1;
inline constexpr uint8_t kFlagSeekTable = 1u << 2;
inline constexpr uint8_t kFlagsKnown = kFlagContentChecksum | kFlagMetadata | kFlagSeekTable;

// Seek table: one entry per block, then the block count and a magic number.
inline constexpr uint32_t kSeekMagic = 0x4B455343;  // bytes 43 53 45 4B: "CSEK"
inline constexpr size_t kSeekEntrySize = 8;         // u32 block bytes, u32 block checksum
inline constexpr size_t kSeekFooterSize = 8;        // u32 count, u32 magic

inline constexpr uint8_t kBlockFlagLast = 1u << 0;
inline constexpr uint8_t kBlockFlagsKnown = kBlockFlagLast;

inline constexpr unsigned kMinBlockLog = 12;
inline constexpr unsigned kMaxBlockLog = 24;
inline constexpr unsigned kDefaultBlockLog = 17;
inline constexpr uint64_t kUnknownContentSize = ~0ULL;

// Element_Width: bytes per element, 1, 2, 4 or 8; every codec takes each.
constexpr bool element_width_valid(unsigned width) {
  return width == 1 || width == 2 || width == 4 || width == 8;
}

// Metadata entry tags.
inline constexpr uint8_t kTagDtype = 1;
inline constexpr uint8_t kTagShape = 2;
inline constexpr uint8_t kTagFilePrefix = 3;
inline constexpr size_t kMetaEntryHeaderSize = 5;  // tag + u32 length
inline constexpr size_t kMaxDtype = 15;
inline constexpr size_t kMaxNdim = 32;
inline constexpr size_t kMaxPrefix = 1u << 20;
inline constexpr size_t kMaxMetadataSize = kMaxPrefix + 4096;

struct TensorMeta {
  std::string dtype;           // empty: none
  bool has_shape = false;
  std::vector<uint64_t> shape;
  std::vector<uint8_t> prefix;  // original file bytes before the content
  bool empty() const { return dtype.empty() && !has_shape && prefix.empty(); }
};

struct Header {
  uint8_t flags = 0;
  unsigned element_width = 4;
  unsigned block_log = kDefaultBlockLog;
  uint8_t codec = 0;
  uint8_t level = 0;
  uint64_t content_size = kUnknownContentSize;
  size_t header_size = 0;  // bytes, metadata and header checksum included
  // Location of the prefix bytes inside the parsed buffer (no copy made).
  size_t prefix_offset = 0;
  size_t prefix_size = 0;
  std::string dtype;
  bool has_shape = false;
  std::vector<uint64_t> shape;

  size_t block_size() const { return size_t{1} << block_log; }
  bool has_checksum() const { return (flags & kFlagContentChecksum) != 0; }
  bool has_seek_table() const { return (flags & kFlagSeekTable) != 0; }
};

struct SeekEntry {
  uint32_t block_bytes;  // block header + payload
  uint32_t checksum;     // low 32 bits of XXH3-64 of the decoded block
};

struct BlockHeader {
  uint8_t codec = 0;
  bool last = false;
  uint32_t raw_size = 0;
  uint32_t compressed_size = 0;
};

}  // namespace cdma::frame

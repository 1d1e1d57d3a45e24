// Writing and parsing frame and block headers. Parsing validates every field
// before anything is derived from it.
#pragma once

#include "frame/frame_format.hpp"

namespace cdma::frame {

// Bytes write_header() will produce for this metadata.
size_t header_size(const TensorMeta& meta);

// Writes the header (checksum included) at dst; dst must hold header_size().
size_t write_header(uint8_t* dst, const Header& h, const TensorMeta& meta);

// Parses and validates the header at src. Returns the header size or an
// error result; fills *out on success.
size_t parse_header(const uint8_t* src, size_t src_size, Header* out);

// Whether the src_size bytes at src (fewer than 4 included) agree with the
// start of the magic, as zstd checks a short input: 1-3 bytes of zero
// padding are then "not a frame" rather than "a truncated frame".
bool starts_like_magic(const uint8_t* src, size_t src_size);

void write_block_header(uint8_t* dst, const BlockHeader& b);

// Parses one block header and checks it against the frame: known flags,
// zero reserved bits, raw size within the block size. Returns
// kBlockHeaderSize or an error result.
size_t parse_block_header(const uint8_t* src, size_t src_size, const Header& h, BlockHeader* out);

}  // namespace cdma::frame

// The one table of permanent codec ids (docs/format.md, "Codec registry").
// The frame layer knows codecs only through this table.
#pragma once

#include <cstddef>
#include <cstdint>

namespace cdma {

// Returns the payload size, or kCodecNoFit when the payload would exceed
// dst_capacity (the block is then stored raw).
using EncodeFn = size_t (*)(const uint8_t* src, size_t size, unsigned width, int level,
                            uint8_t* dst, size_t dst_capacity);
// Decodes exactly src_size payload bytes into exactly dst_size bytes; returns
// dst_size or an error result. Must reject any payload inconsistent with
// dst_size without touching memory outside the two buffers.
using DecodeFn = size_t (*)(const uint8_t* src, size_t src_size, unsigned width, uint8_t* dst,
                            size_t dst_size);

inline constexpr size_t kCodecNoFit = ~static_cast<size_t>(0);

struct CodecInfo {
  uint8_t id;
  const char* name;
  EncodeFn encode;
  DecodeFn decode;
  // For output that is copied elsewhere right away (the threaded frame
  // path's slots): keeps it in cache where `encode` would stream it out.
  // nullptr: `encode` serves both.
  EncodeFn encode_to_scratch = nullptr;
  // For output read again right away (the content checksum hashes each
  // block as soon as it is decoded): keeps it in cache where `decode` would
  // stream it out, so the hash does not fetch it back from DRAM. nullptr:
  // `decode` serves both.
  DecodeFn decode_to_cache = nullptr;
};

// nullptr for ids this build does not know.
const CodecInfo* find_codec(uint8_t id);
// nullptr for unknown names.
const CodecInfo* find_codec_by_name(const char* name);

}  // namespace cdma

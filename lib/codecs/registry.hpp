// The one table of permanent codec ids (docs/format.md, "Codec registry").
// The pipeline knows codecs only through this table (cmake/layers.txt).
#pragma once

#include <cstdint>

#include "codecs/codec.hpp"

namespace cdma {

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
  // What the codec keeps in a Workspace; nullptr: nothing.
  WorkspaceBoundFn encode_workspace = nullptr;
  WorkspaceBoundFn decode_workspace = nullptr;
};

// nullptr for ids this build does not know.
const CodecInfo* find_codec(uint8_t id);
// nullptr for unknown names.
const CodecInfo* find_codec_by_name(const char* name);

}  // namespace cdma

// Per-block coding decisions: which registered codec codes a block, and the
// fallbacks that bound expansion (an all-zero block becomes ZERO, a block
// that would not shrink is stored raw).
#pragma once

#include <cstddef>
#include <cstdint>

#include "codecs/workspace.hpp"

namespace cdma {

struct EncodedBlock {
  uint8_t codec;  // id written in the block header
  size_t size;    // payload bytes written at dst
};

// Whether a caller may request `codec` (a cdma_codec value): AUTO, or a
// codec this build can encode other than ZERO, which only the library picks.
bool codec_requestable(unsigned codec);

// The name of a cdma_codec value ("auto" for AUTO), or nullptr for an id
// this build does not know; and back, -1 for an unknown name.
const char* codec_name(unsigned codec);
int codec_from_name(const char* name);

// Encodes one block into dst (capacity >= size is required, so STORE always
// fits). `requested` is a cdma_codec value, CDMA_CODEC_AUTO included.
// `to_scratch`: dst is copied elsewhere right away, so keep it in cache.
// `ws` is the calling thread's working memory.
EncodedBlock encode_block(Workspace& ws, unsigned requested, int level, unsigned width, const uint8_t* src,
                          size_t size, uint8_t* dst, size_t dst_capacity, bool to_scratch = false);

// Decodes a block payload; returns raw_size or an error result
// (codec_unknown, corruption_detected). `to_cache`: dst is read right away
// (hashed), so keep it in cache.
size_t decode_block(Workspace& ws, uint8_t codec, unsigned width, const uint8_t* src, size_t src_size,
                    uint8_t* dst, size_t raw_size, bool to_cache = false);

// The most a Workspace holds (Workspace::bytes()) after encode_block() of
// blocks of up to `block` bytes with these parameters, and after
// decode_block() of any blocks of up to `block` bytes of `width`-byte
// elements: a decoder cannot trust a frame to say which codecs its blocks
// use, so this is the largest over every codec.
uint64_t encode_workspace_bound(unsigned requested, int level, unsigned width, size_t block);
uint64_t decode_workspace_bound(unsigned width, size_t block);

}  // namespace cdma

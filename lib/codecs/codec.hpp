// The codec contract: what every codec implements and the registry
// (registry.hpp) lists. Codecs include this header, never the registry, so
// the registry may include every codec without a cycle.
#pragma once

#include <cstddef>
#include <cstdint>

namespace cdma {

class Workspace;  // codecs/workspace.hpp: the caller's working memory for this thread

// Returns the payload size, or kCodecNoFit when the payload would exceed
// dst_capacity (the block is then stored raw).
using EncodeFn = size_t (*)(Workspace& ws, const uint8_t* src, size_t size, unsigned width, int level,
                            uint8_t* dst, size_t dst_capacity);
// Decodes exactly src_size payload bytes into exactly dst_size bytes; returns
// dst_size or an error result. Must reject any payload inconsistent with
// dst_size without touching memory outside the two buffers.
using DecodeFn = size_t (*)(Workspace& ws, const uint8_t* src, size_t src_size, unsigned width, uint8_t* dst,
                            size_t dst_size);
// The most a codec leaves in a Workspace (Workspace::bytes()) after coding
// blocks of up to `block` bytes of `width`-byte elements at `level`
// (decoders: any payload), so that a memory limit can count it before
// anything is allocated.
using WorkspaceBoundFn = uint64_t (*)(size_t block, unsigned width, int level);

inline constexpr size_t kCodecNoFit = ~static_cast<size_t>(0);

}  // namespace cdma

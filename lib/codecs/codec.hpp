// The codec contract: what every codec implements and the registry
// (registry.hpp) lists. Codecs include this header, never the registry, so
// the registry may include every codec without a cycle.
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

}  // namespace cdma

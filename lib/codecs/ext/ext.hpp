// zstd and lz4 behind cdma's codec conventions, for whole blocks (codec ids
// 5 and 6) and as backends for single pipeline streams. Output is the plain
// zstd frame / lz4 block; the caller records sizes. Their contexts and
// states live in the caller's Workspace.
#pragma once

#include <cstddef>
#include <cstdint>

namespace cdma {
class Workspace;
}

namespace cdma::ext {

// Both return the encoded size, or kCodecNoFit (codec.hpp) when the
// output would exceed dst_capacity or the library reports an error.
size_t zstd_encode(Workspace& ws, const uint8_t* src, size_t size, int zstd_level, uint8_t* dst,
                   size_t dst_capacity);
size_t lz4_encode(Workspace& ws, const uint8_t* src, size_t size, int lz4_level, uint8_t* dst,
                  size_t dst_capacity);

// Decode exactly dst_size bytes; anything else is corruption_detected.
size_t zstd_decode(Workspace& ws, const uint8_t* src, size_t src_size, uint8_t* dst, size_t dst_size);
size_t lz4_decode(const uint8_t* src, size_t src_size, uint8_t* dst, size_t dst_size);

// cdma level 1..9 to the backend's own level scale.
int zstd_level_for(int cdma_level);
int lz4_level_for(int cdma_level);

// The most the Workspace holds for zstd_encode() at zstd levels up to
// `zstd_level` on inputs of up to `size` bytes, for zstd_decode(), and for
// lz4_encode() at `lz4_level`.
uint64_t zstd_encode_workspace(int zstd_level, size_t size);
uint64_t zstd_decode_workspace();
uint64_t lz4_encode_workspace(int lz4_level);

}  // namespace cdma::ext

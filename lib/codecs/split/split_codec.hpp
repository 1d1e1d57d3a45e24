// The split codec (id 4): ZVC separates the zero mask from the nonzero
// values; an optional repeat mask removes nonzero values equal to the
// previous one; an optional match step (value_match.hpp) codes literals
// equal to a recent one as a distance; the remaining values are cut into
// byte planes; and each of these streams is coded on its own
// (stream_coding.hpp). Format in docs/format.md, "Split payload".
#pragma once

#include <cstddef>
#include <cstdint>

namespace cdma {
class Workspace;
}

namespace cdma::split {

inline constexpr uint8_t kFlagRepeat = 1u << 0;
inline constexpr uint8_t kFlagMatch = 1u << 1;

// Same contract as every registry codec (codec.hpp).
size_t encode(Workspace& ws, const uint8_t* src, size_t size, unsigned width, int level, uint8_t* dst,
              size_t dst_capacity);
size_t decode(Workspace& ws, const uint8_t* src, size_t src_size, unsigned width, uint8_t* dst,
              size_t dst_size);
// The same, with the output left in cache (zvc::Store::kCached) for a
// caller that reads it right away; decode() streams large blocks out.
size_t decode_to_cache(Workspace& ws, const uint8_t* src, size_t src_size, unsigned width, uint8_t* dst,
                       size_t dst_size);

// The most encode() and decode() leave in a Workspace after blocks of up to
// `block` bytes (codec.hpp, WorkspaceBoundFn).
uint64_t encode_workspace(size_t block, unsigned width, int level);
uint64_t decode_workspace(size_t block, unsigned width, int level);

}  // namespace cdma::split

// The two trivial block codecs: STORE (bytes as they are) and ZERO (an
// all-zero block with an empty payload).
#pragma once

#include <cstddef>
#include <cstdint>

namespace cdma {
class Workspace;
}

namespace cdma::raw {

// The codec contract (codec.hpp); neither needs a Workspace.
size_t store_encode(Workspace& ws, const uint8_t* src, size_t size, unsigned width, int level, uint8_t* dst,
                    size_t dst_capacity);
size_t store_decode(Workspace& ws, const uint8_t* src, size_t src_size, unsigned width, uint8_t* dst,
                    size_t dst_size);
size_t zero_encode(Workspace& ws, const uint8_t* src, size_t size, unsigned width, int level, uint8_t* dst,
                   size_t dst_capacity);
size_t zero_decode(Workspace& ws, const uint8_t* src, size_t src_size, unsigned width, uint8_t* dst,
                   size_t dst_size);

// True when all `size` bytes are zero.
bool all_zero(const uint8_t* p, size_t size);

}  // namespace cdma::raw

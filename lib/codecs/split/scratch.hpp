// Per-thread scratch buffers for block coding. A block needs a few buffers
// of about its own size; allocating them per block would put an mmap and
// page faults on every 128 KiB, so each thread keeps its own and reuses
// them. Nothing is shared between threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

namespace cdma {

enum class ScratchSlot { kZvc, kValues, kMatches, kPlanes, kStream, kCount };

// Returns a buffer of at least `size` bytes (64-byte aligned, contents
// unspecified) that stays valid until the same slot is requested again on
// this thread. Throws std::bad_alloc when memory runs out.
uint8_t* scratch(ScratchSlot slot, size_t size);

}  // namespace cdma

// XXH3-64 builds per instruction set (xxh3_isa-inl.hpp), and the one this
// CPU runs. State pointers are XXH3_state_t, the same layout in every build.
#pragma once

#include <cstddef>
#include <cstdint>

namespace cdma::xxh3 {

struct Functions {
  uint64_t (*hash)(const void* data, size_t size);
  void (*reset)(void* state);
  void (*update)(void* state, const void* data, size_t size);
  uint64_t (*digest)(const void* state);
};

extern const Functions sse2, avx2, avx512;

// The fastest build the CPU supports, chosen once.
const Functions& best();

}  // namespace cdma::xxh3

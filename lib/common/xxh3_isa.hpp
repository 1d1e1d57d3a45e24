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

extern const Functions portable;  // the compiler's baseline target (SSE2 on x86-64)
#if CDMA_XXH3_X86
extern const Functions avx2, avx512;  // built with -mavx2 / -mavx512f
#endif

// The fastest build the SIMD dispatch allows now (simd/dispatch.hpp:
// this CPU, less the cap).
const Functions& best();

}  // namespace cdma::xxh3

// The body of one XXH3 build for one instruction set. Each xxh3_<isa>.cpp
// defines XXH_VECTOR and CDMA_XXH3_ISA, then includes this file: libxxhash's
// own header, inlined (XXH_INLINE_ALL), compiled for that ISA. Debian builds
// libxxhash.so for SSE2 only, where XXH3 is much slower than its AVX2 loop
// and the content checksum a visible share of (de)compression (figures:
// bench/kernel-design.md). Every build computes the same hash; only speed
// differs.
#define XXH_INLINE_ALL
// GCC 12 warns of an uninitialized variable inside its own AVX-512
// intrinsics (_mm512_undefined) once xxhash's loop is inlined here.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif
#include <xxhash.h>

#include "common/xxh3_isa.hpp"

namespace cdma::xxh3 {

const Functions CDMA_XXH3_ISA = {
    [](const void* data, size_t size) -> uint64_t { return XXH3_64bits(data, size); },
    [](void* state) { XXH3_64bits_reset(static_cast<XXH3_state_t*>(state)); },
    [](void* state, const void* data, size_t size) {
      XXH3_64bits_update(static_cast<XXH3_state_t*>(state), data, size);
    },
    [](const void* state) -> uint64_t { return XXH3_64bits_digest(static_cast<const XXH3_state_t*>(state)); },
};

}  // namespace cdma::xxh3

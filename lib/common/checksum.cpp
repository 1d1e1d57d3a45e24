#include "common/checksum.hpp"

#include <new>

#define XXH_STATIC_LINKING_ONLY  // for sizeof(XXH3_state_t)
#include <xxhash.h>

#include "common/xxh3_isa.hpp"
#include "simd/dispatch.hpp"

namespace cdma {

namespace xxh3 {

// The hand-written builds follow the SIMD dispatch and its cap
// (simd/dispatch.hpp), checked per call: a cap set later (a benchmark's
// --max-target, a test capping each level) applies here too.
const Functions& best() {
#if CDMA_XXH3_X86
  if (simd::enabled(simd::Kernel::kXxh3Avx512)) return avx512;
  if (simd::enabled(simd::Kernel::kXxh3Avx2)) return avx2;
#endif
  return portable;
}

}  // namespace xxh3

uint64_t xxh3_64(const void* data, size_t size) { return xxh3::best().hash(data, size); }

Xxh3Stream::Xxh3Stream() : state_(new XXH3_state_t) { reset(); }
Xxh3Stream::~Xxh3Stream() { delete static_cast<XXH3_state_t*>(state_); }
void Xxh3Stream::reset() { xxh3::best().reset(state_); }
void Xxh3Stream::update(const void* data, size_t size) { xxh3::best().update(state_, data, size); }
uint64_t Xxh3Stream::digest() const { return xxh3::best().digest(state_); }

}  // namespace cdma

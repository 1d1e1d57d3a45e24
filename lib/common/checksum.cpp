#include "common/checksum.hpp"

#include <hwy/targets.h>

#include <new>

#define XXH_STATIC_LINKING_ONLY  // for sizeof(XXH3_state_t)
#include <xxhash.h>

#include "common/xxh3_isa.hpp"

namespace cdma {

namespace xxh3 {

const Functions& choose(int64_t targets) {
#if CDMA_XXH3_X86
  if (targets & (HWY_AVX3 | HWY_AVX3_DL)) return avx512;
  if (targets & HWY_AVX2) return avx2;
#else
  (void)targets;
#endif
  return portable;
}

namespace {

// hwy::SupportedTargets() in Highway 1.0.3, when no test mock is active,
// re-chooses the dispatch target from every target the CPU has, before
// applying hwy::DisableTargets' cap:
// called alone, it would undo a cap (benchmarks measuring AVX2 on an
// AVX-512 machine) for every kernel. Choosing again from the capped set
// restores it, as dynamic dispatch itself does.
int64_t capped_targets() {
  const int64_t targets = hwy::SupportedTargets();
  hwy::GetChosenTarget().Update(targets);
  return targets;
}

}  // namespace

const Functions& best() {
  static const Functions& chosen = choose(capped_targets());
  return chosen;
}

}  // namespace xxh3

uint64_t xxh3_64(const void* data, size_t size) { return xxh3::best().hash(data, size); }

Xxh3Stream::Xxh3Stream() : state_(new XXH3_state_t) { reset(); }
Xxh3Stream::~Xxh3Stream() { delete static_cast<XXH3_state_t*>(state_); }
void Xxh3Stream::reset() { xxh3::best().reset(state_); }
void Xxh3Stream::update(const void* data, size_t size) { xxh3::best().update(state_, data, size); }
uint64_t Xxh3Stream::digest() const { return xxh3::best().digest(state_); }

}  // namespace cdma

// CDMA_MAX_TARGET and --max-target: a cap on the SIMD target of every
// kernel, Highway's and hand-written (dispatch.hpp), named the way Highway
// names its targets, so an AVX-512 machine runs what an AVX2-only or older
// CPU runs.
#pragma once

#include <cstdint>

namespace cdma::simd {

// The Highway target bit named `name` (hwy::TargetName, any case: avx3_dl,
// avx3, avx2, sse4, ssse3, emu128, scalar), or 0 for an unknown name.
int64_t target_named(const char* name);

// Caps every kernel at the target `name`; false, capping nothing, for an
// unknown name.
bool cap_target(const char* name);

// The target CDMA_MAX_TARGET names, or 0 when it is unset, empty or
// unknown. dispatch.cpp applies it before the first kernel runs.
int64_t env_target_cap();

}  // namespace cdma::simd

// CDMA_MAX_TARGET and --max-target: a cap on the SIMD target of every
// kernel, Highway's and hand-written (dispatch.hpp), named the way Highway
// names its targets, so an AVX-512 machine runs what an AVX2-only or older
// CPU runs.
#pragma once

namespace cdma::simd {

// Caps every kernel at the Highway target `name` (hwy::TargetName, any
// case: avx3_dl, avx3, avx2, sse4, ssse3, emu128, scalar); false, capping
// nothing, for an unknown name.
bool cap_target(const char* name);

// Reads CDMA_MAX_TARGET and caps at it (dispatch.cpp does, when the library
// loads). An unset, empty or unknown name caps nothing. Returns whether a
// cap was applied.
bool apply_env_target_cap();

}  // namespace cdma::simd

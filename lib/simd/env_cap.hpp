// CDMA_MAX_TARGET: a user's (or a test's) cap on the SIMD target every
// kernel dispatches to, so that an AVX-512 machine runs what an AVX2-only
// or older CPU runs. One mechanism for all kernels: the hand-written
// AVX-512 paths are reached only from Highway's AVX3 targets.
#pragma once

namespace cdma::simd {

// Disables every Highway target better than `name` (hwy::TargetName, any
// case); false, capping nothing, for an unknown name.
bool cap_target(const char* name);

// Reads CDMA_MAX_TARGET (a Highway target name such as avx2, sse4, emu128;
// any case) once and disables every better target. An unset, empty or
// unknown name caps nothing. Returns whether a cap was applied.
bool apply_env_target_cap();

}  // namespace cdma::simd

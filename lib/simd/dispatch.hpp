// The one home of SIMD dispatch: which kernel variants may run here.
//
// Two kinds of variant follow the same set of allowed targets, the Highway
// targets this CPU supports less the cap:
// - Highway kernels (the *_simd.cpp files) by CDMA_DYNAMIC_DISPATCH, which
//   picks the best compiled target in that set;
// - hand-written kernels (AVX-512 intrinsics behind target attributes,
//   XXH3 built with -mavx2/-mavx512f), each of which belongs to the Highway
//   target whose features it needs (Kernel below) and runs only where
//   enabled() says so.
// A cap at AVX2 therefore runs exactly what an AVX2-only CPU runs, and a cap
// at AVX3 what an AVX-512 CPU without VBMI/VBMI2 runs (Skylake-X).
//
// The cap is the SIMD layer's only mutable state; it is set through this
// header (env_cap.hpp names it: CDMA_MAX_TARGET, --max-target), and tests
// cap each level in turn (tests/support/each_target.hpp). Nothing else may
// call hwy::DisableTargets, hwy::SetSupportedTargetsForTest or
// hwy::SupportedTargets: in Highway 1.0.3 the last re-points dynamic
// dispatch at the best target of the CPU, undoing the cap (dispatch.cpp
// chooses again after it).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace cdma::simd {

// The hand-written kernels, each with the Highway target it needs (the
// table in dispatch.cpp): where that target is allowed, the kernel runs.
enum class Kernel : unsigned {
  kXxh3Avx2,        // common/xxh3_avx2.cpp                          AVX2
  kXxh3Avx512,      // common/xxh3_avx512.cpp                        AVX3
  kZvcAvx512,       // codecs/zvc/zvc_avx512.cpp, 4- and 8-byte      AVX3
  kZvcAvx512Vbmi2,  // the same, 1- and 2-byte (VPCOMPRESSB/W)       AVX3_DL
  kRansVbmi,        // codecs/entropy/rans_encode_vbmi.cpp (VPERMT2B) AVX3_DL
};
inline constexpr unsigned kKernelCount = 5;

// Whether `kernel` may run: this CPU has its target and the cap allows it.
bool enabled(Kernel kernel);

// "xxh3-avx2", "rans-vbmi", ...: for reports.
const char* kernel_name(Kernel kernel);

// The Highway targets every kernel may use: those this CPU supports, less
// every target better than the cap.
int64_t allowed_targets();

// The cap: the best Highway target allowed (a single HWY_* bit), or 0 for
// none. Setting it re-chooses every kernel, Highway's and hand-written.
int64_t target_cap();
void set_target_cap(int64_t target);

// The allowed targets that choose different variants, best first: each
// Highway target that was compiled in, and each target a hand-written
// kernel needs. Capping to each in turn runs every variant this CPU has.
std::vector<int64_t> distinct_levels();

// HWY_DYNAMIC_DISPATCH(fn) once the cap is in force: every Highway kernel
// is called through it, so CDMA_MAX_TARGET applies before the first kernel
// of any program runs.
#define CDMA_DYNAMIC_DISPATCH(fn) ((void)::cdma::simd::allowed_targets(), HWY_DYNAMIC_DISPATCH(fn))

// Name of the Highway target HWY_DYNAMIC_DISPATCH selects right now.
const char* dispatched_target_name();

// The Highway target and the hand-written kernels that run, for reports
// (`cdma bench`, benchmarks): "AVX3 + xxh3-avx512 zvc-avx512 ...". A kernel
// another one replaces (xxh3-avx2 where xxh3-avx512 is enabled) is left out.
std::string dispatch_summary();

}  // namespace cdma::simd

// The allowed targets and the hand-written kernels' levels (dispatch.hpp).
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "simd/dispatch.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep

#include <hwy/highway.h>

HWY_BEFORE_NAMESPACE();
namespace cdma::simd::HWY_NAMESPACE {
const char* TargetNameHere() { return hwy::TargetName(HWY_TARGET); }
}  // namespace cdma::simd::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include <hwy/targets.h>

#include <atomic>

#include "simd/dispatch.hpp"
#include "simd/env_cap.hpp"

namespace cdma::simd {

namespace {

struct KernelInfo {
  const char* name;
  int64_t target;
  int replaced_by;  // the Kernel that runs instead wherever it is enabled, or -1
};

// Indexed by Kernel. AVX3_DL is Highway's AVX-512 group with VBMI, VBMI2,
// VNNI, VAES, VPCLMULQDQ, VPOPCNTDQ and BITALG (Ice Lake, Zen 4 and later);
// Highway 1.0.3 compiles no code for it, so its CPUs run the AVX3 Highway
// kernels, with the hand-written ones that need VBMI or VBMI2 beside them.
constexpr KernelInfo kKernels[kKernelCount] = {
    {"xxh3-avx2", HWY_AVX2, static_cast<int>(Kernel::kXxh3Avx512)},
    {"xxh3-avx512", HWY_AVX3, -1},
    {"zvc-avx512", HWY_AVX3, -1},
    {"zvc-avx512-vbmi2", HWY_AVX3_DL, -1},
    {"rans-vbmi", HWY_AVX3_DL, -1},
};

// The cap (0: none) and the targets it leaves (0: not computed yet).
// Written only through store_cap, first with CDMA_MAX_TARGET.
std::atomic<int64_t> g_cap{0};
std::atomic<int64_t> g_allowed{0};

void store_cap(int64_t target) {
  g_cap.store(target, std::memory_order_release);
  // Better targets sit at lower bits: disable every bit below the cap.
  hwy::DisableTargets(target != 0 ? target - 1 : 0);
  // hwy::SupportedTargets() in Highway 1.0.3 first points dynamic dispatch
  // at the best target the CPU has, ignoring hwy::DisableTargets, and then
  // returns the capped set: choosing again from that set restores the cap
  // for every HWY_DYNAMIC_DISPATCH.
  const int64_t targets = hwy::SupportedTargets();
  hwy::GetChosenTarget().Update(targets);
  g_allowed.store(targets, std::memory_order_release);
}

// CDMA_MAX_TARGET, applied once, before the first kernel of any kind is
// chosen (every one asks allowed_targets() first) or a cap is set;
// threads arriving meanwhile wait for it.
void start() {
  static const bool started = [] {
    store_cap(env_target_cap());
    return true;
  }();
  (void)started;
}

}  // namespace

int64_t allowed_targets() {
  const int64_t targets = g_allowed.load(std::memory_order_acquire);
  if (targets != 0) return targets;
  start();
  return g_allowed.load(std::memory_order_acquire);
}

bool enabled(Kernel kernel) { return (allowed_targets() & kKernels[static_cast<unsigned>(kernel)].target) != 0; }

const char* kernel_name(Kernel kernel) { return kKernels[static_cast<unsigned>(kernel)].name; }

int64_t target_cap() {
  start();
  return g_cap.load(std::memory_order_acquire);
}

void set_target_cap(int64_t target) {
  start();  // a cap set by the program overrides CDMA_MAX_TARGET, not the reverse
  store_cap(target);
}

std::vector<int64_t> distinct_levels() {
  int64_t distinct = HWY_TARGETS;
  for (const KernelInfo& k : kKernels) distinct |= k.target;
  std::vector<int64_t> levels;
  const int64_t allowed = allowed_targets() & distinct;
  for (int bit = 0; bit < 63; ++bit)
    if (allowed & (int64_t{1} << bit)) levels.push_back(int64_t{1} << bit);
  return levels;
}

HWY_EXPORT(TargetNameHere);
const char* dispatched_target_name() { return CDMA_DYNAMIC_DISPATCH(TargetNameHere)(); }

std::string dispatch_summary() {
  std::string s = dispatched_target_name();
  const char* sep = " + ";
  for (unsigned k = 0; k < kKernelCount; ++k) {
    const int instead = kKernels[k].replaced_by;
    if (!enabled(static_cast<Kernel>(k)) || (instead >= 0 && enabled(static_cast<Kernel>(instead)))) continue;
    s += sep;
    s += kKernels[k].name;
    sep = " ";
  }
  return s;
}

}  // namespace cdma::simd
#endif

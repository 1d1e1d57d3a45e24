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
#include "simd/dispatch.hpp"

namespace cdma::simd {
HWY_EXPORT(TargetNameHere);
const char* dispatched_target_name() { return HWY_DYNAMIC_DISPATCH(TargetNameHere)(); }
}  // namespace cdma::simd
#endif

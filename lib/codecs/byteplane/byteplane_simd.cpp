// Highway dynamic dispatch for byte planes: foreach_target compiles this
// file once per target; each call picks the best target the CPU supports,
// and the scalar reference finishes the elements after the last vector.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "codecs/byteplane/byteplane_simd.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep

#include <hwy/highway.h>

#include "codecs/byteplane/byteplane_kernels-inl.h"

HWY_BEFORE_NAMESPACE();
namespace cdma::byteplane::HWY_NAMESPACE {

// Returns the elements done; widths 2, 4, 8 only.
size_t SplitVectors(const uint8_t* src, size_t count, unsigned width, uint8_t* const planes[]) {
#if HWY_TARGET == HWY_SCALAR
  (void)src, (void)count, (void)width, (void)planes;
  return 0;
#else
  switch (width) {
    case 2: return split2(src, count, planes);
    case 4: return split4(src, count, planes);
    default: return split8(src, count, planes);
  }
#endif
}

size_t JoinVectors(const uint8_t* const planes[], size_t count, unsigned width, uint8_t* dst) {
#if HWY_TARGET == HWY_SCALAR
  (void)planes, (void)count, (void)width, (void)dst;
  return 0;
#else
  switch (width) {
    case 2: return join2(planes, count, dst);
    case 4: return join4(planes, count, dst);
    default: return join8(planes, count, dst);
  }
#endif
}

}  // namespace cdma::byteplane::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include <cstring>

#include "codecs/byteplane/byteplane.hpp"
#include "codecs/byteplane/byteplane_scalar_impl.hpp"
#include "simd/dispatch.hpp"

namespace cdma::byteplane {

HWY_EXPORT(SplitVectors);
HWY_EXPORT(JoinVectors);

void split(const uint8_t* src, size_t count, unsigned width, uint8_t* const planes[]) {
  if (width == 1) {
    if (count != 0) std::memcpy(planes[0], src, count);
    return;
  }
  const size_t done = CDMA_DYNAMIC_DISPATCH(SplitVectors)(src, count, width, planes);
  split_range(src, done, count, width, planes);
}

void join(const uint8_t* const planes[], size_t count, unsigned width, uint8_t* dst) {
  if (width == 1) {
    if (count != 0) std::memcpy(dst, planes[0], count);
    return;
  }
  const size_t done = CDMA_DYNAMIC_DISPATCH(JoinVectors)(planes, count, width, dst);
  join_range(planes, done, count, width, dst);
}

}  // namespace cdma::byteplane
#endif  // HWY_ONCE

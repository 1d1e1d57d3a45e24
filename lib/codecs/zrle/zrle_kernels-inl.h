// Zero-RLE SIMD kernels, compiled once per Highway target (zrle_simd.cpp).
// Run boundaries come from the bitmap Finder of
// codecs/runs/runs_kernels-inl.h; what is zero-RLE's own is the count of
// nonzero elements that sizes the literal area before the walk.
//
// Per-target include guard, as Highway requires for -inl.h files.
#if defined(CDMA_ZRLE_KERNELS_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef CDMA_ZRLE_KERNELS_INL_H_
#undef CDMA_ZRLE_KERNELS_INL_H_
#else
#define CDMA_ZRLE_KERNELS_INL_H_
#endif

#include <hwy/highway.h>

#include "codecs/runs/element.hpp"

HWY_BEFORE_NAMESPACE();
namespace cdma::zrle::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;
#if HWY_TARGET != HWY_SCALAR

// Nonzero elements of width kWidth among n: a compare and a population
// count of its mask per vector. It runs before the walk to size the literal
// area, and is the pass that brings the block into cache.
template <size_t kWidth>
HWY_INLINE size_t count_nonzero(const uint8_t* src, size_t n) {
  using T = hwy::UnsignedFromSize<kWidth>;
  const hn::ScalableTag<T> d;
  const size_t lanes = hn::Lanes(d);
  const T* p = reinterpret_cast<const T*>(src);
  size_t count = 0, i = 0;
  for (; i + lanes <= n; i += lanes)
    count += hn::CountTrue(d, hn::Ne(hn::LoadU(d, p + i), hn::Zero(d)));
  for (; i < n; ++i) count += runs::element_nonzero(src + i * kWidth, kWidth);
  return count;
}

#endif  // HWY_TARGET != HWY_SCALAR
}  // namespace cdma::zrle::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // CDMA_ZRLE_KERNELS_INL_H_

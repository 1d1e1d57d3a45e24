// Byte-plane SIMD kernels, compiled once per Highway target
// (byteplane_simd.cpp). Each iteration moves one vector of every plane:
//  - width 2 and 4 are Highway's LoadInterleaved2/4 and StoreInterleaved2/4
//    on bytes (unpack networks within 128-bit blocks, one cross-block step);
//  - width 8 reads each element as two 4-byte halves: LoadInterleaved4 of
//    two vectors' worth gives, per k < 4, byte k of the low halves in even
//    lanes and byte k of the high halves (plane k + 4) in odd lanes, which
//    ConcatEven / ConcatOdd separate. Join widens planes k and k + 4 to
//    16-bit lanes (PromoteTo keeps element order across blocks, where a
//    block-wise InterleaveLower would not), merges them, and stores the four
//    merged vectors with StoreInterleaved4.
// The kernels process whole vectors and return how many elements they did;
// the scalar reference finishes the rest.
//
// Per-target include guard, as Highway requires for -inl.h files.
#if defined(CDMA_BYTEPLANE_KERNELS_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef CDMA_BYTEPLANE_KERNELS_INL_H_
#undef CDMA_BYTEPLANE_KERNELS_INL_H_
#else
#define CDMA_BYTEPLANE_KERNELS_INL_H_
#endif

#include <hwy/highway.h>

HWY_BEFORE_NAMESPACE();
namespace cdma::byteplane::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;
#if HWY_TARGET != HWY_SCALAR

using D8 = hn::ScalableTag<uint8_t>;

HWY_INLINE size_t split2(const uint8_t* src, size_t count, uint8_t* const planes[]) {
  const D8 d;
  const size_t lanes = hn::Lanes(d);
  uint8_t* HWY_RESTRICT p0 = planes[0];
  uint8_t* HWY_RESTRICT p1 = planes[1];
  size_t i = 0;
  for (; i + lanes <= count; i += lanes) {
    hn::Vec<D8> v0, v1;
    hn::LoadInterleaved2(d, src + 2 * i, v0, v1);
    hn::StoreU(v0, d, p0 + i);
    hn::StoreU(v1, d, p1 + i);
  }
  return i;
}

HWY_INLINE size_t split4(const uint8_t* src, size_t count, uint8_t* const planes[]) {
  const D8 d;
  const size_t lanes = hn::Lanes(d);
  size_t i = 0;
  for (; i + lanes <= count; i += lanes) {
    hn::Vec<D8> v0, v1, v2, v3;
    hn::LoadInterleaved4(d, src + 4 * i, v0, v1, v2, v3);
    hn::StoreU(v0, d, planes[0] + i);
    hn::StoreU(v1, d, planes[1] + i);
    hn::StoreU(v2, d, planes[2] + i);
    hn::StoreU(v3, d, planes[3] + i);
  }
  return i;
}

HWY_INLINE size_t split8(const uint8_t* src, size_t count, uint8_t* const planes[]) {
  const D8 d;
  const size_t lanes = hn::Lanes(d);
  size_t i = 0;
  for (; i + lanes <= count; i += lanes) {
    // a: elements [i, i + lanes/2), b: the next half. Named vectors, not
    // arrays: SVE vectors are sizeless types, which arrays cannot hold.
    hn::Vec<D8> a0, a1, a2, a3, b0, b1, b2, b3;
    hn::LoadInterleaved4(d, src + 8 * i, a0, a1, a2, a3);
    hn::LoadInterleaved4(d, src + 8 * i + 4 * lanes, b0, b1, b2, b3);
    const auto store = [&](size_t k, hn::Vec<D8> a, hn::Vec<D8> b) HWY_ATTR {
      hn::StoreU(hn::ConcatEven(d, b, a), d, planes[k] + i);
      hn::StoreU(hn::ConcatOdd(d, b, a), d, planes[k + 4] + i);
    };
    store(0, a0, b0);
    store(1, a1, b1);
    store(2, a2, b2);
    store(3, a3, b3);
  }
  return i;
}

HWY_INLINE size_t join2(const uint8_t* const planes[], size_t count, uint8_t* dst) {
  const D8 d;
  const size_t lanes = hn::Lanes(d);
  size_t i = 0;
  for (; i + lanes <= count; i += lanes)
    hn::StoreInterleaved2(hn::LoadU(d, planes[0] + i), hn::LoadU(d, planes[1] + i), d, dst + 2 * i);
  return i;
}

HWY_INLINE size_t join4(const uint8_t* const planes[], size_t count, uint8_t* dst) {
  const D8 d;
  const size_t lanes = hn::Lanes(d);
  size_t i = 0;
  for (; i + lanes <= count; i += lanes) {
    hn::StoreInterleaved4(hn::LoadU(d, planes[0] + i), hn::LoadU(d, planes[1] + i),
                          hn::LoadU(d, planes[2] + i), hn::LoadU(d, planes[3] + i), d, dst + 4 * i);
  }
  return i;
}

// One vector of 4-byte halves for half a vector of elements from `first`:
// bytes (plane k, plane k + 4) of each element, in element order.
HWY_INLINE hn::Vec<D8> halves(const uint8_t* const planes[], size_t k, size_t first) {
  const D8 d;
  const hn::RepartitionToWide<D8> d16;
  const hn::Rebind<uint8_t, decltype(d16)> d8_half;
  const auto lo = hn::PromoteTo(d16, hn::LoadU(d8_half, planes[k] + first));
  const auto hi = hn::PromoteTo(d16, hn::LoadU(d8_half, planes[k + 4] + first));
  return hn::BitCast(d, hn::Or(lo, hn::ShiftLeft<8>(hi)));
}

HWY_INLINE size_t join8(const uint8_t* const planes[], size_t count, uint8_t* dst) {
  const D8 d;
  const size_t lanes = hn::Lanes(d);
  const size_t half = lanes / 2;
  size_t i = 0;
  for (; i + half <= count; i += half) {
    hn::StoreInterleaved4(halves(planes, 0, i), halves(planes, 1, i), halves(planes, 2, i),
                          halves(planes, 3, i), d, dst + 8 * i);
  }
  return i;
}

#endif  // HWY_TARGET != HWY_SCALAR
}  // namespace cdma::byteplane::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // CDMA_BYTEPLANE_KERNELS_INL_H_

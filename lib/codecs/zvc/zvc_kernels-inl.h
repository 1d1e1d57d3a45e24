// ZVC SIMD kernels, compiled once per Highway target (see zvc_simd.cpp).
//
// Both directions work on groups of 8 elements, the elements of one mask
// byte, so the mask is written and read a byte at a time whatever the vector
// width. Within a group:
//  - 4- and 8-byte elements use 32-bit lanes (up to 8, i.e. 256-bit vectors)
//    and a TableLookupLanes permutation per vector; 8-byte elements are pairs
//    of lanes. A 256-entry permutation table runs ~6x faster here than
//    CompressBlendedStore on 32-bit lanes (measured on AVX2 Zen).
//  - 1- and 2-byte elements use byte shuffles (TableLookupBytes) on 64- and
//    128-bit vectors; TableLookupBytesOr0 zeroes empty lanes for free.
// Kernels stop at the last group whose full-vector loads and stores stay
// inside the buffers; the scalar reference finishes the remaining elements.
//
// Per-target include guard, as Highway requires for -inl.h files.
#if defined(CDMA_ZVC_KERNELS_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef CDMA_ZVC_KERNELS_INL_H_
#undef CDMA_ZVC_KERNELS_INL_H_
#else
#define CDMA_ZVC_KERNELS_INL_H_
#endif

#include <hwy/highway.h>

#include "codecs/zvc/zvc_tables.hpp"

HWY_BEFORE_NAMESPACE();
namespace cdma::zvc::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;
#if HWY_TARGET != HWY_SCALAR

// Elements of width 4 (kLanesPerElem 1) or 8 (kLanesPerElem 2).
template <int kLanesPerElem>
HWY_INLINE const auto& lane_tables() {
  if constexpr (kLanesPerElem == 1) {
    return tables::kLanes32;
  } else {
    return tables::kLanes64;
  }
}

template <int kLanesPerElem>
size_t encode_groups_lanes(const uint8_t* src, size_t groups, uint8_t* mask, uint8_t* values,
                           const uint8_t* values_end, size_t* groups_done) {
  const hn::CappedTag<uint32_t, 8> d;
  const hn::RebindToSigned<decltype(d)> di;
  const hn::Repartition<uint64_t, decltype(d)> d64;
  constexpr size_t kWidth = 4 * kLanesPerElem;
  const size_t lanes = hn::Lanes(d);
  const size_t elems_per_vec = lanes / kLanesPerElem;
  const size_t vecs = 8 / elems_per_vec;
  const auto& table = lane_tables<kLanesPerElem>();

  uint8_t* out = values;
  size_t g = 0;
  // Every store of a group ends within 8 elements of the group's first output.
  for (; g < groups && static_cast<size_t>(values_end - out) >= 8 * kWidth; ++g) {
    const uint8_t* s = src + g * 8 * kWidth;
    unsigned byte = 0;
    for (size_t k = 0; k < vecs; ++k) {
      const auto v = hn::LoadU(d, reinterpret_cast<const uint32_t*>(s + k * lanes * 4));
      uint8_t bits = 0;
      if constexpr (kLanesPerElem == 1) {
        hn::StoreMaskBits(d, hn::Ne(v, hn::Zero(d)), &bits);
      } else {
        const auto v64 = hn::BitCast(d64, v);
        hn::StoreMaskBits(d64, hn::Ne(v64, hn::Zero(d64)), &bits);
      }
      const auto idx = hn::IndicesFromVec(d, hn::Load(di, table.compress[bits]));
      hn::StoreU(hn::TableLookupLanes(v, idx), d, reinterpret_cast<uint32_t*>(out));
      out += tables::kPopcount8.v[bits] * kWidth;
      byte |= static_cast<unsigned>(bits) << (k * elems_per_vec);
    }
    mask[g] = static_cast<uint8_t>(byte);
  }
  *groups_done = g;
  return static_cast<size_t>(out - values);
}

// Stores one decoded vector. Streaming (non-temporal) stores skip the read
// for ownership that a normal store to a line not in cache costs: that
// extra read is what kept decode at ~0.6x memcpy, which itself streams
// large copies. They need vector-aligned addresses, so the caller picks
// them only for an aligned destination.
template <bool kStream, class D, class V, typename T>
HWY_INLINE void store_out(V v, D d, T* HWY_RESTRICT p) {
  if constexpr (kStream) {
    hn::Stream(v, d, p);
  } else {
    hn::StoreU(v, d, p);
  }
}

template <int kLanesPerElem, bool kStream>
size_t decode_groups_lanes(const uint8_t* mask, const uint8_t* values, const uint8_t* values_end,
                           size_t groups, uint8_t* dst, size_t* groups_done) {
  const hn::CappedTag<uint32_t, 8> d;
  const hn::RebindToSigned<decltype(d)> di;
  constexpr size_t kWidth = 4 * kLanesPerElem;
  const size_t lanes = hn::Lanes(d);
  const size_t elems_per_vec = lanes / kLanesPerElem;
  const size_t vecs = 8 / elems_per_vec;
  const unsigned sub_mask = (1u << elems_per_vec) - 1;
  const auto& table = lane_tables<kLanesPerElem>();
  const auto lane_bit = hn::LoadU(d, kLanesPerElem == 1 ? tables::kLaneBit32 : tables::kLaneBit64);

  const uint8_t* in = values;
  size_t g = 0;
  // Every load of a group ends within 8 elements of the group's first input.
  for (; g < groups && static_cast<size_t>(values_end - in) >= 8 * kWidth; ++g) {
    uint8_t* o = dst + g * 8 * kWidth;
    const unsigned byte = mask[g];
    for (size_t k = 0; k < vecs; ++k) {
      const unsigned bits = (byte >> (k * elems_per_vec)) & sub_mask;
      const auto v = hn::LoadU(d, reinterpret_cast<const uint32_t*>(in));
      const auto idx = hn::IndicesFromVec(d, hn::Load(di, table.expand[bits]));
      const auto live = hn::TestBit(hn::Set(d, bits), lane_bit);
      store_out<kStream>(hn::IfThenElseZero(live, hn::TableLookupLanes(v, idx)), d,
                         reinterpret_cast<uint32_t*>(o + k * lanes * 4));
      in += tables::kPopcount8.v[bits] * kWidth;
    }
  }
  *groups_done = g;
  return static_cast<size_t>(in - values);
}

// Elements of width 1 or 2: one group is 8 or 16 bytes, one vector.
template <int kWidth>
size_t encode_groups_bytes(const uint8_t* src, size_t groups, uint8_t* mask, uint8_t* values,
                           const uint8_t* values_end, size_t* groups_done) {
  const hn::CappedTag<uint8_t, 8 * kWidth> d;
  using TElem = hwy::UnsignedFromSize<kWidth>;
  const hn::Repartition<TElem, decltype(d)> de;
  const auto& table = kWidth == 1 ? tables::kBytes8.compress : tables::kBytes16.compress;

  uint8_t* out = values;
  size_t g = 0;
  for (; g < groups && static_cast<size_t>(values_end - out) >= 8 * kWidth; ++g) {
    const auto v = hn::LoadU(d, src + g * 8 * kWidth);
    uint8_t bits = 0;
    hn::StoreMaskBits(de, hn::Ne(hn::BitCast(de, v), hn::Zero(de)), &bits);
    hn::StoreU(hn::TableLookupBytes(v, hn::LoadU(d, table[bits])), d, out);
    out += tables::kPopcount8.v[bits] * kWidth;
    mask[g] = bits;
  }
  *groups_done = g;
  return static_cast<size_t>(out - values);
}

// Width 2: one group per 16-byte vector. Width 1: a group is only 8 bytes,
// and Stream cannot store half a vector, so groups go in pairs.
template <int kWidth, bool kStream>
size_t decode_groups_bytes(const uint8_t* mask, const uint8_t* values, const uint8_t* values_end,
                           size_t groups, uint8_t* dst, size_t* groups_done) {
  const hn::CappedTag<uint8_t, 8 * kWidth> d;
  const auto& table = kWidth == 1 ? tables::kBytes8.expand : tables::kBytes16.expand;

  const uint8_t* in = values;
  size_t g = 0;
  if constexpr (kWidth == 1) {
    const hn::Full128<uint8_t> d2;
    for (; g + 2 <= groups && static_cast<size_t>(values_end - in) >= 16; g += 2) {
      const unsigned m0 = mask[g], m1 = mask[g + 1];
      const uint8_t* in1 = in + tables::kPopcount8.v[m0];
      const auto lo = hn::TableLookupBytesOr0(hn::LoadU(d, in), hn::LoadU(d, table[m0]));
      const auto hi = hn::TableLookupBytesOr0(hn::LoadU(d, in1), hn::LoadU(d, table[m1]));
      store_out<kStream>(hn::Combine(d2, hi, lo), d2, dst + g * 8);
      in = in1 + tables::kPopcount8.v[m1];
    }
  }
  // Width 2, and the odd last group of width 1 (never streamed: half a vector).
  for (; g < groups && static_cast<size_t>(values_end - in) >= 8 * kWidth; ++g) {
    const unsigned bits = mask[g];
    const auto v = hn::TableLookupBytesOr0(hn::LoadU(d, in), hn::LoadU(d, table[bits]));
    store_out<kStream && kWidth == 2>(v, d, dst + g * 8 * kWidth);
    in += tables::kPopcount8.v[bits] * kWidth;
  }
  *groups_done = g;
  return static_cast<size_t>(in - values);
}

// Set bits of mask[0, bytes): the block's nonzero count, needed to
// validate a payload before decoding it.
HWY_INLINE size_t count_mask_bits(const uint8_t* mask, size_t bytes) {
  const hn::ScalableTag<uint8_t> d;
  const hn::Repartition<uint64_t, decltype(d)> d64;
  const size_t lanes = hn::Lanes(d);
  auto sums = hn::Zero(d64);
  size_t i = 0;
  for (; i + lanes <= bytes; i += lanes)
    sums = hn::Add(sums, hn::SumsOf8(hn::PopulationCount(hn::LoadU(d, mask + i))));
  size_t total = hn::GetLane(hn::SumOfLanes(d64, sums));
  for (; i < bytes; ++i) total += tables::kPopcount8.v[mask[i]];
  return total;
}

#endif  // HWY_TARGET != HWY_SCALAR
}  // namespace cdma::zvc::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // CDMA_ZVC_KERNELS_INL_H_

// ZVC SIMD kernels, compiled once per Highway target (see zvc_simd.cpp).
//
// Both directions work on groups of 8 elements, the elements of one mask
// byte, so the mask is written and read a byte at a time whatever the vector
// width. Within a group:
//  - 4- and 8-byte elements use 32-bit lanes (up to 8, i.e. 256-bit vectors)
//    and a TableLookupLanes permutation per vector; 8-byte elements are pairs
//    of lanes. A 256-entry permutation table runs several times faster
//    here than CompressBlendedStore on 32-bit lanes (measured on AVX2 Zen:
//    bench/kernel-design.md).
//  - 1- and 2-byte elements use byte shuffles (TableLookupBytes) on 64- and
//    128-bit vectors; TableLookupBytesOr0 zeroes empty lanes for free.
// Kernels stop at the last group whose full-vector loads and stores stay
// inside the buffers; the scalar reference finishes the remaining elements.
// Large outputs leave through streaming stores, as memcpy's do (store_out,
// encode_staged): with ordinary stores each output line is first read from
// DRAM, which held decode well below memcpy (bench/kernel-design.md).
//
// Per-target include guard, as Highway requires for -inl.h files.
#if defined(CDMA_ZVC_KERNELS_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef CDMA_ZVC_KERNELS_INL_H_
#undef CDMA_ZVC_KERNELS_INL_H_
#else
#define CDMA_ZVC_KERNELS_INL_H_
#endif

#include <hwy/cache_control.h>
#include <hwy/highway.h>

#include <algorithm>
#include <cstring>

#include "codecs/zvc/zvc_tables.hpp"

HWY_BEFORE_NAMESPACE();
namespace cdma::zvc::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;
#if HWY_TARGET != HWY_SCALAR

// Bytes of the nonzero elements that mask bits select. In size_t, the
// pointer update is one lea; an int product cost a sign extension.
template <size_t kWidth>
HWY_INLINE size_t packed_bytes(unsigned bits) {
  return size_t{tables::kPopcount8.v[bits]} * kWidth;
}

// Elements of width 4 (kLanesPerElem 1) or 8 (kLanesPerElem 2).
template <int kLanesPerElem>
HWY_INLINE const auto& lane_tables() {
  if constexpr (kLanesPerElem == 1) {
    return tables::kLanes32;
  } else {
    return tables::kLanes64;
  }
}

// The loop of every kernel: groups four at a time while `room()` (output
// left for encode, input left for decode) holds four groups at their
// largest, so one bounds check covers four, then one at a time.
// `quad(g)` handles groups g..g+3, `one(g)` group g; each advances its own
// pointer. Returns the groups done.
template <size_t kGroupBytes, class Room, class Quad, class One>
HWY_INLINE size_t run_groups(size_t groups, const Room& room, const Quad& quad, const One& one) {
  size_t g = 0;
  for (; g + 4 <= groups && room() >= 4 * kGroupBytes; g += 4) quad(g);
  for (; g < groups && room() >= kGroupBytes; ++g) one(g);
  return g;
}

template <class One>
HWY_INLINE auto four_of(const One& one) {
  return [&one](size_t g) {
    one(g);
    one(g + 1);
    one(g + 2);
    one(g + 3);
  };
}

// kVsPrevious: keep the elements that differ from the element before them
// (the split codec's repeat mask) instead of the nonzero ones; the element
// before src must be readable. The same loads shifted by one element give
// the previous values, so this costs one more load per vector.
template <int kLanesPerElem, bool kVsPrevious = false>
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
  // Every store of a group ends within 8 elements of the group's first output.
  const auto one = [&](size_t g) __attribute__((always_inline)) {
    const uint8_t* s = src + g * 8 * kWidth;
    unsigned byte = 0;
    for (size_t k = 0; k < vecs; ++k) {
      const auto v = hn::LoadU(d, reinterpret_cast<const uint32_t*>(s + k * lanes * 4));
      const auto ref = kVsPrevious ? hn::LoadU(d, reinterpret_cast<const uint32_t*>(s + k * lanes * 4 - kWidth))
                                   : hn::Zero(d);
      uint8_t bits = 0;
      if constexpr (kLanesPerElem == 1) {
        hn::StoreMaskBits(d, hn::Ne(v, ref), &bits);
      } else {
        hn::StoreMaskBits(d64, hn::Ne(hn::BitCast(d64, v), hn::BitCast(d64, ref)), &bits);
      }
      const auto idx = hn::IndicesFromVec(d, hn::Load(di, table.compress[bits]));
      hn::StoreU(hn::TableLookupLanes(v, idx), d, reinterpret_cast<uint32_t*>(out));
      out += packed_bytes<kWidth>(bits);
      byte |= static_cast<unsigned>(bits) << (k * elems_per_vec);
    }
    mask[g] = static_cast<uint8_t>(byte);
  };
  const auto room = [&] { return static_cast<size_t>(values_end - out); };
  *groups_done = run_groups<8 * kWidth>(groups, room, four_of(one), one);
  return static_cast<size_t>(out - values);
}

// How decode stores its output. Streaming (non-temporal) stores skip the
// read for ownership that a normal store to a line not in cache costs: that
// extra read kept decode well below memcpy, which itself streams large
// copies (bench/kernel-design.md). They need aligned addresses;
// kStreamHalves serves a destination aligned to 16 bytes but not to the
// 32-byte vector, as malloc returns.
enum class Out { kStore, kStream, kStreamHalves };

template <Out kOut, class D, class V, typename T>
HWY_INLINE void store_out(V v, D d, T* HWY_RESTRICT p) {
  if constexpr (kOut == Out::kStore) {
    hn::StoreU(v, d, p);
  } else if constexpr (kOut == Out::kStream || hn::MaxLanes(D()) * sizeof(T) <= 16) {
    hn::Stream(v, d, p);
  } else {
    const hn::Half<D> dh;
    hn::Stream(hn::LowerHalf(dh, v), dh, p);
    hn::Stream(hn::UpperHalf(dh, v), dh, p + hn::Lanes(dh));
  }
}

template <int kLanesPerElem, Out kOut>
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
  // Every load of a group ends within 8 elements of the group's first input.
  // Forced inline: otherwise gcc outlines it for some Out variants (the
  // kStore one cost twice the instructions of kStream).
  const auto one = [&](size_t g) __attribute__((always_inline)) {
    uint8_t* o = dst + g * 8 * kWidth;
    const unsigned byte = mask[g];
    for (size_t k = 0; k < vecs; ++k) {
      const unsigned bits = (byte >> (k * elems_per_vec)) & sub_mask;
      const auto v = hn::LoadU(d, reinterpret_cast<const uint32_t*>(in));
      const auto idx = hn::IndicesFromVec(d, hn::Load(di, table.expand[bits]));
      const auto live = hn::TestBit(hn::Set(d, bits), lane_bit);
      store_out<kOut>(hn::IfThenElseZero(live, hn::TableLookupLanes(v, idx)), d,
                         reinterpret_cast<uint32_t*>(o + k * lanes * 4));
      in += packed_bytes<kWidth>(bits);
    }
  };
  const auto room = [&] { return static_cast<size_t>(values_end - in); };
  *groups_done = run_groups<8 * kWidth>(groups, room, four_of(one), one);
  return static_cast<size_t>(in - values);
}

// Elements of width 1 or 2: one group is 8 or 16 bytes, one vector.
// Four groups per iteration: their mask bits come from one or two wide
// compares (32 elements), written straight into the mask, and one bounds
// check covers all four. Per-group compares cost as much as the shuffles.
// kVsPrevious as in encode_groups_lanes.
template <int kWidth, bool kVsPrevious = false>
size_t encode_groups_bytes(const uint8_t* src, size_t groups, uint8_t* mask, uint8_t* values,
                           const uint8_t* values_end, size_t* groups_done) {
  const hn::CappedTag<uint8_t, 8 * kWidth> d;
  using TElem = hwy::UnsignedFromSize<kWidth>;
  const hn::Repartition<TElem, decltype(d)> de;
  const hn::CappedTag<TElem, 32> dw;  // up to 32 elements: four groups
  const size_t wide = hn::Lanes(dw);
  const auto& table = kWidth == 1 ? tables::kBytes8.compress : tables::kBytes16.compress;
  constexpr size_t kGroupBytes = 8 * kWidth;

  uint8_t* out = values;
  const auto pack = [&](size_t g, unsigned bits) {
    const auto v = hn::LoadU(d, src + g * kGroupBytes);
    hn::StoreU(hn::TableLookupBytes(v, hn::LoadU(d, table[bits])), d, out);
    out += packed_bytes<kWidth>(bits);
  };
  const auto quad = [&](size_t g) {
    const auto* e = reinterpret_cast<const TElem*>(src + g * kGroupBytes);
    for (size_t k = 0; k < 32; k += wide) {
      const auto ref = kVsPrevious ? hn::LoadU(dw, e + k - 1) : hn::Zero(dw);
      hn::StoreMaskBits(dw, hn::Ne(hn::LoadU(dw, e + k), ref), mask + g + k / 8);
    }
    for (size_t j = 0; j < 4; ++j) pack(g + j, mask[g + j]);
  };
  const auto one = [&](size_t g) __attribute__((always_inline)) {
    const auto v = hn::BitCast(de, hn::LoadU(d, src + g * kGroupBytes));
    const auto ref = kVsPrevious ? hn::BitCast(de, hn::LoadU(d, src + g * kGroupBytes - kWidth)) : hn::Zero(de);
    hn::StoreMaskBits(de, hn::Ne(v, ref), mask + g);
    pack(g, mask[g]);
  };
  const auto room = [&] { return static_cast<size_t>(values_end - out); };
  *groups_done = run_groups<kGroupBytes>(groups, room, quad, one);
  return static_cast<size_t>(out - values);
}

// Width 2: one group per 16-byte vector. Width 1: a group is only 8 bytes,
// and Stream cannot store half a vector, so groups go in pairs.
template <int kWidth, Out kOut>
size_t decode_groups_bytes(const uint8_t* mask, const uint8_t* values, const uint8_t* values_end,
                           size_t groups, uint8_t* dst, size_t* groups_done) {
  const hn::CappedTag<uint8_t, 8 * kWidth> d;
  const auto& table = kWidth == 1 ? tables::kBytes8.expand : tables::kBytes16.expand;

  const uint8_t* in = values;
  // One group, stored whole for width 2; for width 1 the caller stores.
  const auto expand = [&](size_t g) {
    const unsigned bits = mask[g];
    const auto v = hn::TableLookupBytesOr0(hn::LoadU(d, in), hn::LoadU(d, table[bits]));
    in += packed_bytes<kWidth>(bits);
    return v;
  };
  const auto one = [&](size_t g) __attribute__((always_inline)) {
    // Half a vector for width 1, which Stream cannot store.
    store_out<kWidth == 2 ? kOut : Out::kStore>(expand(g), d, dst + g * 8 * kWidth);
  };
  const auto room = [&] { return static_cast<size_t>(values_end - in); };
  if constexpr (kWidth == 1) {
    const hn::Full128<uint8_t> d2;
    const auto quad = [&](size_t g) {
      for (size_t j = 0; j < 4; j += 2) {
        const auto lo = expand(g + j);
        store_out<kOut>(hn::Combine(d2, expand(g + j + 1), lo), d2, dst + (g + j) * 8);
      }
    };
    *groups_done = run_groups<8>(groups, room, quad, one);
  } else {
    *groups_done = run_groups<16>(groups, room, four_of(one), one);
  }
  return static_cast<size_t>(in - values);
}

// The repeat expansion (zvc.hpp, expand_repeats) for 2- and 4-byte
// elements: the ZVC decode shuffle with hold tables, whose negative entries
// select the element before `in` (the last literal so far, broadcast from
// memory) instead of zero. Fusing the two steps saves a pass over the
// values and the branchy hole fill that followed the plain decode. The
// caller guarantees values[-kWidth, 0) is a literal (it did group 0), so
// `in - kWidth` is always readable. Ordinary stores: the output is scratch
// that the next step reads right away. 4-byte elements need 8-lane
// vectors; narrower targets leave everything to the scalar reference.
template <int kWidth>
size_t expand_repeat_groups(const uint8_t* mask, const uint8_t* values, const uint8_t* values_end,
                            size_t groups, uint8_t* dst, size_t* groups_done) {
  const uint8_t* in = values;
  const auto room = [&] { return static_cast<size_t>(values_end - in); };
  if constexpr (kWidth == 2) {
    const hn::Full128<uint8_t> d;
    const hn::RebindToSigned<decltype(d)> di;
    const hn::Repartition<uint16_t, decltype(d)> d16;
    const auto one = [&](size_t g) __attribute__((always_inline)) {
      const unsigned bits = mask[g];
      uint16_t held;
      std::memcpy(&held, in - 2, 2);
      const auto idx = hn::LoadU(d, tables::kHold.bytes16[bits]);
      const auto looked = hn::TableLookupBytesOr0(hn::LoadU(d, in), idx);
      // An explicit compare, not IfNegativeThenElse: Highway 1.0.3's SSSE3
      // version of that assumes a blend that looks at sign bits only.
      const auto held_lanes = hn::RebindMask(d, hn::Lt(hn::BitCast(di, idx), hn::Zero(di)));
      hn::StoreU(hn::IfThenElse(held_lanes, hn::BitCast(d, hn::Set(d16, held)), looked), d, dst + g * 16);
      in += packed_bytes<2>(bits);
    };
    *groups_done = run_groups<16>(groups, room, four_of(one), one);
  } else if constexpr (hn::MaxLanes(hn::CappedTag<uint32_t, 8>()) == 8) {
    const hn::CappedTag<uint32_t, 8> d;
    // MaxLanes is only a bound on scalable targets (SVE, SVE2): at a
    // 128-bit vector length they have 4 lanes, and a group needs 8.
    if (hn::Lanes(d) != 8) {
      *groups_done = 0;
      return 0;
    }
    const hn::RebindToSigned<decltype(d)> di;
    const auto low = hn::Set(di, 7);
    const auto one = [&](size_t g) __attribute__((always_inline)) {
      const unsigned bits = mask[g];
      uint32_t held;
      std::memcpy(&held, in - 4, 4);
      const auto raw = hn::Load(di, tables::kHold.lanes32[bits]);
      const auto looked = hn::TableLookupLanes(hn::LoadU(d, reinterpret_cast<const uint32_t*>(in)),
                                               hn::IndicesFromVec(d, hn::And(raw, low)));
      const auto held_lanes = hn::RebindMask(d, hn::Lt(raw, hn::Zero(di)));
      hn::StoreU(hn::IfThenElse(held_lanes, hn::Set(d, held), looked), d, reinterpret_cast<uint32_t*>(dst + g * 32));
      in += packed_bytes<4>(bits);
    };
    *groups_done = run_groups<32>(groups, room, four_of(one), one);
  } else {
    (void)mask, (void)groups, (void)dst, (void)room;
    *groups_done = 0;
  }
  return static_cast<size_t>(in - values);
}

// Runs an encode kernel into an L1-resident staging buffer whose 64-byte
// lines mirror those of dst, and copies each completed line to dst with
// streaming stores. The kernels' own stores are unaligned and overlap the
// next group's, so they cannot stream; as ordinary stores they paid a read
// for ownership of every output line. Bytes before `values` (the mask) are
// not ours: a line holding some is completed with ordinary stores.
// `kernel(first_group, out, out_end, &groups_done)` returns bytes written.
template <class Kernel>
size_t encode_staged(const Kernel& kernel, size_t groups, uint8_t* values, const uint8_t* values_end,
                     size_t* groups_done) {
  constexpr size_t kLine = 64;
  constexpr size_t kStage = 4096;
  const hn::CappedTag<uint8_t, kLine> d;
  HWY_ALIGN uint8_t stage[kStage];
  uint8_t* base = values - reinterpret_cast<uintptr_t>(values) % kLine;  // dst of stage[0]
  size_t fill = static_cast<size_t>(values - base);
  size_t g = 0;
  while (g < groups) {
    const size_t room = std::min(kStage, static_cast<size_t>(values_end - base));
    size_t done = 0;
    fill += kernel(g, stage + fill, stage + room, &done);
    g += done;
    const size_t full = fill / kLine * kLine;
    for (size_t i = 0; i < full; i += kLine) {
      if (base + i < values) {
        std::memcpy(values, stage + (values - base), base + i + kLine - values);
        continue;
      }
      for (size_t j = 0; j < kLine; j += hn::Lanes(d))
        hn::Stream(hn::Load(d, stage + i + j), d, base + i + j);
    }
    std::memmove(stage, stage + full, fill - full);
    base += full;
    fill -= full;
    if (done == 0) break;  // out of room in dst
  }
  uint8_t* from = std::max(base, values);
  std::memcpy(from, stage + (from - base), static_cast<size_t>(base + fill - from));
  hwy::FlushStream();
  *groups_done = g;
  return static_cast<size_t>(base + fill - values);
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

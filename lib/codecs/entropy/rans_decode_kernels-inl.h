// SIMD decoding of wide (32-lane) rANS streams, compiled once per Highway
// target (see rans_simd.cpp).
//
// A group of 32 symbols is handled as 32 / V vectors of V = 4 or 8 lanes
// (128- or 256-bit vectors of u32 states), in lane order, so a vector's
// lanes renormalise in the order the format prescribes (rans.hpp,
// invariant 5). Per vector:
//   step:    gather the packed slot entries, store the V symbol bytes,
//            x = f * (x >> T) + bias.
//   refill:  lanes with x < 2^15 take the next words of the stream in lane
//            order: load V words (enough for any mask), move word r to the
//            lane of rank r among the refilling lanes through a 256-entry
//            rank table and TableLookupLanes, and advance by the count.
// Four 8-lane vectors per group keep four independent gathers in flight,
// which hides most of their latency.
//
// Per-target include guard, as Highway requires for -inl.h files.
#if defined(CDMA_RANS_DECODE_KERNELS_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef CDMA_RANS_DECODE_KERNELS_INL_H_
#undef CDMA_RANS_DECODE_KERNELS_INL_H_
#else
#define CDMA_RANS_DECODE_KERNELS_INL_H_
#endif

#include <hwy/highway.h>

#include "codecs/entropy/entropy.hpp"
#include "codecs/entropy/rans.hpp"
#include "codecs/entropy/rans_decode_impl.hpp"
#include "codecs/entropy/rans_simd_tables.hpp"

// SSSE3 lacks a 32-bit multiply and emulates it: the scalar reference is
// faster there (bench/kernel-design.md), as on targets without vectors.
#undef CDMA_RANS_SIMD_DECODE
#define CDMA_RANS_SIMD_DECODE (HWY_ARCH_X86 && HWY_TARGET <= HWY_SSE4)

HWY_BEFORE_NAMESPACE();
namespace cdma::entropy::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;
#if CDMA_RANS_SIMD_DECODE

// One vector of lanes: decoding step, symbol store, refill. Returns the new
// states; advances the word index.
template <unsigned kLog, class D, class V = hn::Vec<D>>
HWY_INLINE V decode_vector(D d, V x, const uint32_t* slots, const uint16_t* words, size_t& idx,
                           uint8_t* out) {
  const hn::RebindToSigned<D> di;
  const hn::Rebind<uint16_t, D> d16;
  const hn::Rebind<uint8_t, D> d8;
  const auto e = hn::GatherIndex(d, slots, hn::BitCast(di, hn::And(x, hn::Set(d, (1u << kLog) - 1))));
  hn::StoreU(hn::TruncateTo(d8, e), d8, out);
  const auto xv = hn::Add(hn::Mul(hn::ShiftRight<20>(e), hn::ShiftRight<kLog>(x)),
                          hn::And(hn::ShiftRight<8>(e), hn::Set(d, 0xFFF)));
  // States stay below 2^31, so the signed compare is exact.
  const auto refill =
      hn::RebindMask(d, hn::Lt(hn::BitCast(di, xv), hn::Set(di, static_cast<int32_t>(kStateLow))));
  uint8_t bits = 0;
  hn::StoreMaskBits(d, refill, &bits);
  const auto rank = hn::PromoteTo(d, hn::LoadU(d8, tables::kRank.v[bits]));
  const auto w = hn::PromoteTo(d, hn::LoadU(d16, words + idx));
  const auto placed = hn::TableLookupLanes(w, hn::IndicesFromVec(d, rank));
  idx += hn::CountTrue(d, refill);
  return hn::IfThenElse(refill, hn::Or(hn::ShiftLeft<16>(xv), placed), xv);
}

// Decodes whole groups from the cursor while a group's worst case (32
// words) is left in the stream and `groups` allows; advances the cursor.
// The states live in named vectors, not an array: an array was kept in
// memory, and its stores made the next gathers wait (4K aliasing; figures:
// bench/kernel-design.md).
template <unsigned kLog>
void decode_wide_groups(DecodeCursor* c, const uint32_t* slots, uint8_t* dst, size_t groups) {
  const hn::CappedTag<uint32_t, 8> d;
  const auto* words = reinterpret_cast<const uint16_t*>(c->words);
  size_t idx = c->idx;
  uint8_t* out = dst + c->i;
  uint32_t* xs = c->x;
  const auto step = [&](auto x, size_t lane) HWY_ATTR {
    return decode_vector<kLog>(d, x, slots, words, idx, out + lane);
  };
  const size_t count = c->word_count;
  size_t g = 0;
  if constexpr (hn::MaxLanes(d) == 8) {
    auto x0 = hn::LoadU(d, xs), x1 = hn::LoadU(d, xs + 8), x2 = hn::LoadU(d, xs + 16),
         x3 = hn::LoadU(d, xs + 24);
    for (; g < groups && count - idx >= kLanesWide; ++g, out += kLanesWide) {
      x0 = step(x0, 0), x1 = step(x1, 8), x2 = step(x2, 16), x3 = step(x3, 24);
    }
    hn::StoreU(x0, d, xs), hn::StoreU(x1, d, xs + 8), hn::StoreU(x2, d, xs + 16), hn::StoreU(x3, d, xs + 24);
  } else {  // 128-bit targets: 8 vectors of 4 lanes
    auto x0 = hn::LoadU(d, xs), x1 = hn::LoadU(d, xs + 4), x2 = hn::LoadU(d, xs + 8),
         x3 = hn::LoadU(d, xs + 12), x4 = hn::LoadU(d, xs + 16), x5 = hn::LoadU(d, xs + 20),
         x6 = hn::LoadU(d, xs + 24), x7 = hn::LoadU(d, xs + 28);
    for (; g < groups && count - idx >= kLanesWide; ++g, out += kLanesWide) {
      x0 = step(x0, 0), x1 = step(x1, 4), x2 = step(x2, 8), x3 = step(x3, 12);
      x4 = step(x4, 16), x5 = step(x5, 20), x6 = step(x6, 24), x7 = step(x7, 28);
    }
    hn::StoreU(x0, d, xs), hn::StoreU(x1, d, xs + 4), hn::StoreU(x2, d, xs + 8), hn::StoreU(x3, d, xs + 12);
    hn::StoreU(x4, d, xs + 16), hn::StoreU(x5, d, xs + 20), hn::StoreU(x6, d, xs + 24), hn::StoreU(x7, d, xs + 28);
  }
  c->idx = idx;
  c->i = static_cast<size_t>(out - dst);
}

#endif  // CDMA_RANS_SIMD_DECODE
}  // namespace cdma::entropy::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // include guard

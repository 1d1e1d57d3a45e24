// SIMD encoding of wide (32-lane) rANS streams, compiled once per Highway
// target (see rans_simd.cpp). Produces exactly the scalar reference's bytes.
//
// AVX-512 targets: a group of 32 symbols is handled as 2 vectors of 16
// lanes. (AVX2 has its own kernel, rans_encode_avx2-inl.h.) Per vector:
//   look up two words per symbol: rcp and f | c << 12 | l << 24 (EncTable),
//          by gathers, or, when every present symbol lies in [base, base +
//          32) or [base, base + 128), by permutes of table vectors held
//          in registers (the gathers dominated the loop on Zen 4:
//          bench/kernel-design.md); on
//          CPUs with VBMI, spans of 32 and more go to byte permutes instead
//          (rans_encode_vbmi.hpp);
//   emit:  lanes with x >= f << (31 - T) give their low 16 bits, compressed
//          into lane order, and shift x right by 16;
//   step:  x += c + q * (M - f) with q = x / f = ((x * rcp) >> 31) >> l,
//          the 32x32->64-bit products taken on even and odd lanes.
// The decoder reads a group's words in lane order, so each vector appends
// its words to a small buffer in lane order, and the group's block is then
// copied below the blocks of the later groups (place_block). Targets
// below AVX2 leave the work to the scalar reference, which is faster there
// (rans_simd.cpp).
//
// Per-target include guard, as Highway requires for -inl.h files.
#if defined(CDMA_RANS_ENCODE_KERNELS_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef CDMA_RANS_ENCODE_KERNELS_INL_H_
#undef CDMA_RANS_ENCODE_KERNELS_INL_H_
#else
#define CDMA_RANS_ENCODE_KERNELS_INL_H_
#endif

#include <cstring>

#include <hwy/highway.h>

#include "codecs/entropy/entropy.hpp"
#include "codecs/entropy/rans.hpp"
#include "codecs/entropy/rans_encode_avx2-inl.h"
#include "codecs/entropy/rans_encode_impl.hpp"
#include "codecs/entropy/rans_encode_vbmi.hpp"

// Gathers are emulated below AVX2, and the scalar reference is faster
// there (measured on SSE4: bench/kernel-design.md).
#undef CDMA_RANS_SIMD_ENCODE
#define CDMA_RANS_SIMD_ENCODE (HWY_ARCH_X86 && HWY_TARGET <= HWY_AVX2)

HWY_BEFORE_NAMESPACE();
namespace cdma::entropy::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;
#if CDMA_RANS_SIMD_ENCODE && HWY_TARGET == HWY_AVX2

template <unsigned kLog>
void encode_wide_groups(const uint8_t* src, const EncTable& t, EncodeCursor* c) {
  avx2::encode_wide_groups<kLog>(src, t, c);
}

#elif CDMA_RANS_SIMD_ENCODE

// Table lookups for symbol vectors: gathers from EncTable's arrays.
template <class D>
struct GatherLookup {
  const EncTable& t;
  template <class V>
  HWY_INLINE void operator()(D d, V s, V* rcp, V* packed) const {
    const hn::RebindToSigned<D> di;
    *rcp = hn::GatherIndex(d, t.rcp, hn::BitCast(di, s));
    *packed = hn::GatherIndex(d, t.packed, hn::BitCast(di, s));
  }
};

// Table lookups for symbols in [base, base + 2 * lanes): the 2 * lanes
// entries of each array from base on live in two vectors; a permute picks
// from each and bit log2(lanes) of the offset chooses between them.
template <class D>
struct PermuteLookup {
  using V = hn::Vec<D>;
  V base, rcp_lo, rcp_hi, packed_lo, packed_hi;
  PermuteLookup(D d, const EncTable& t, unsigned first)
      : base(hn::Set(d, first)),
        rcp_lo(hn::LoadU(d, t.rcp + first)),
        rcp_hi(hn::LoadU(d, t.rcp + first + hn::Lanes(d))),
        packed_lo(hn::LoadU(d, t.packed + first)),
        packed_hi(hn::LoadU(d, t.packed + first + hn::Lanes(d))) {}
  HWY_INLINE void operator()(D d, V s, V* rcp, V* packed) const {
    const V offset = hn::Sub(s, base);
    const auto idx = hn::IndicesFromVec(d, hn::And(offset, hn::Set(d, hn::Lanes(d) - 1)));
    const auto high = hn::RebindMask(d, hn::Ne(hn::And(offset, hn::Set(d, hn::Lanes(d))), hn::Zero(d)));
    *rcp = hn::IfThenElse(high, hn::TableLookupLanes(rcp_hi, idx), hn::TableLookupLanes(rcp_lo, idx));
    *packed = hn::IfThenElse(high, hn::TableLookupLanes(packed_hi, idx), hn::TableLookupLanes(packed_lo, idx));
  }
};

// Symbols in [base, base + 128) (fp16's sign/exponent byte spans
// up to 128 values): the 128 entries of each array in 8 registers; a
// two-table permute picks from each pair of registers (5 offset bits), and
// bits 5 and 6 of the offset choose among the four results.
struct Permute128Lookup {
  using D = hn::CappedTag<uint32_t, 16>;
  __m512i base, rcp[8], packed[8];
  Permute128Lookup(const EncTable& t, unsigned first) : base(_mm512_set1_epi32(static_cast<int>(first))) {
    for (int k = 0; k < 8; ++k) {
      rcp[k] = _mm512_loadu_si512(t.rcp + first + 16 * k);
      packed[k] = _mm512_loadu_si512(t.packed + first + 16 * k);
    }
  }
  static HWY_INLINE __m512i pick(const __m512i* table, __m512i offset, __mmask16 bit5, __mmask16 bit6) {
    const __m512i a = _mm512_permutex2var_epi32(table[0], offset, table[1]);
    const __m512i b = _mm512_permutex2var_epi32(table[2], offset, table[3]);
    const __m512i c = _mm512_permutex2var_epi32(table[4], offset, table[5]);
    const __m512i d = _mm512_permutex2var_epi32(table[6], offset, table[7]);
    return _mm512_mask_blend_epi32(bit6, _mm512_mask_blend_epi32(bit5, a, b), _mm512_mask_blend_epi32(bit5, c, d));
  }
  template <class V>
  HWY_INLINE void operator()(D, V s, V* rcp_out, V* packed_out) const {
    const __m512i offset = _mm512_sub_epi32(s.raw, base);
    const __mmask16 bit5 = _mm512_test_epi32_mask(offset, _mm512_set1_epi32(32));
    const __mmask16 bit6 = _mm512_test_epi32_mask(offset, _mm512_set1_epi32(64));
    rcp_out->raw = pick(rcp, offset, bit5, bit6);
    packed_out->raw = pick(packed, offset, bit5, bit6);
  }
};

// One vector of lanes: emits its words at block + *used, returns the new
// states.
template <unsigned kLog, class D, class Lookup, class V = hn::Vec<D>>
HWY_INLINE V encode_vector(D d, V x, const uint8_t* syms, const Lookup& lookup, uint16_t* block,
                           size_t* used) {
  const hn::RebindToSigned<D> di;
  const hn::Rebind<uint16_t, D> d16;
  const hn::Rebind<uint8_t, D> d8;
  const hn::Repartition<uint64_t, D> d64;
  V rcp, packed;
  lookup(d, hn::PromoteTo(d, hn::LoadU(d8, syms)), &rcp, &packed);
  const auto f = hn::And(packed, hn::Set(d, 0xFFF));

  // States and thresholds are below 2^31, so the signed compare is exact.
  const auto x_max = hn::ShiftLeft<31 - kLog>(f);
  const auto emit = hn::RebindMask(d, hn::Gt(hn::BitCast(di, x), hn::BitCast(di, hn::Sub(x_max, hn::Set(d, 1)))));
  const auto low = hn::And(x, hn::Set(d, 0xFFFF));
  hn::StoreU(hn::TruncateTo(d16, hn::Compress(low, emit)), d16, block + *used);
  *used += hn::CountTrue(d, emit);
  const auto xe = hn::IfThenElse(emit, hn::ShiftRight<16>(x), x);

  const auto even = hn::ShiftRight<31>(hn::MulEven(xe, rcp));
  const auto odd = hn::ShiftRight<31>(hn::MulEven(hn::BitCast(d, hn::ShiftRight<32>(hn::BitCast(d64, xe))),
                                                  hn::BitCast(d, hn::ShiftRight<32>(hn::BitCast(d64, rcp)))));
  const auto q = hn::OddEven(hn::BitCast(d, hn::ShiftLeft<32>(odd)), hn::BitCast(d, even));
  const auto quotient = q >> hn::ShiftRight<24>(packed);
  const auto cum = hn::And(hn::ShiftRight<12>(packed), hn::Set(d, 0xFFF));
  return hn::Add(hn::Add(xe, cum), hn::Mul(quotient, hn::Sub(hn::Set(d, 1u << kLog), f)));
}

// Codes whole groups from the cursor, last first, while a whole group's
// words (and the 64-byte block copy) fit; advances the cursor. The states
// live in named vectors: an array, or a lambda capturing the vectors, was
// kept in memory.
template <unsigned kLog, class Lookup>
void encode_groups_with(const uint8_t* src, const Lookup& t, EncodeCursor* c) {
  const hn::CappedTag<uint32_t, 16> d;
  static_assert(hn::MaxLanes(d) == 16, "2 vectors of 16 lanes (AVX2: rans_encode_avx2-inl.h)");
  size_t w = c->w;
  size_t i = c->i;
  uint32_t* xs = c->x;
  // 32 words of slack below the block (read by the copy), the block, and
  // room for a last full-vector store past it.
  uint16_t buf[kLanesWide + kLanesWide + 16] = {};
  uint16_t* const block = buf + kLanesWide;
  size_t used = 0;
  auto x0 = hn::LoadU(d, xs), x1 = hn::LoadU(d, xs + 16);
  for (; i > 0 && w >= kLanesWide; i -= kLanesWide) {
    const uint8_t* g = src + i - kLanesWide;
    used = 0;
    x0 = encode_vector<kLog>(d, x0, g, t, block, &used);
    x1 = encode_vector<kLog>(d, x1, g + 16, t, block, &used);
    place_block(block, used, c->words, &w);
  }
  hn::StoreU(x0, d, xs), hn::StoreU(x1, d, xs + 16);
  c->w = w;
  c->i = i;
}

// Permutes when the present symbols span at most two vectors' lanes or 128
// values; VBMI byte permutes first for wider spans on CPUs that have them;
// gathers otherwise.
template <unsigned kLog>
void encode_wide_groups(const uint8_t* src, const EncTable& t, EncodeCursor* c) {
  const hn::CappedTag<uint32_t, 16> d;
  constexpr unsigned kSpan = 2 * hn::MaxLanes(d);
  // Wider alphabets: VBMI's byte permutes where the CPU has them; the loops
  // below finish what they leave (at most one group).
  if (t.hi_symbol - t.lo_symbol >= kSpan && vbmi::supported()) vbmi::encode_groups(src, t, c);
  if (t.hi_symbol - t.lo_symbol < kSpan) {
    const unsigned first = t.lo_symbol < 256 - kSpan ? t.lo_symbol : 256 - kSpan;
    encode_groups_with<kLog>(src, PermuteLookup<decltype(d)>(d, t, first), c);
  } else if (t.hi_symbol - t.lo_symbol < 128) {
    const unsigned first = t.lo_symbol < 128 ? t.lo_symbol : 128;
    encode_groups_with<kLog>(src, Permute128Lookup(t, first), c);
  } else {
    encode_groups_with<kLog>(src, GatherLookup<decltype(d)>{t}, c);
  }
}

#endif  // CDMA_RANS_SIMD_ENCODE
}  // namespace cdma::entropy::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // include guard

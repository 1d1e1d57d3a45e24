// AVX2 encoding of wide (32-lane) rANS streams, included by
// rans_encode_kernels-inl.h for the AVX2 target only. Same bytes as the
// scalar reference; AVX2 intrinsics throughout, as Highway's forms of the
// same steps cost more instructions here (masks as vectors, compress
// through a stack table). A group is 4 vectors of 8 lanes; per vector:
//   look up  rcp[s] and packed[s] = f | c << 12 | l << 24 (EncTable) by
//            in-register permutes when the group's symbols lie in a window
//            of 16 (two tables each) or 64 (eight tables, packed[] only);
//            by one gather of packed[] otherwise;
//   emit     the low words of lanes with x >= f << (31 - T), stored
//            straight to their place in the output (below);
//   step     x += c + q * (M - f), q = x / f from rcp (the exact
//            multiply-shift of rans.hpp, invariant 8), or, where only
//            packed[] was looked up, from a float division, corrected
//            (step_divide()).
// Words go straight to the output: the group's vectors are coded last
// first (lanes 24-31, then 16-23, ...), each storing 8 words that end at
// the current position, its own words right-aligned in lane order, and the
// position moves down by their number; the junk below them is overwritten
// by the next vector's store, or lies in free space. (A small buffer copied
// below once per group, as the AVX-512 kernels do, cost a failed store
// forwarding per group.) Its speed against the Highway kernel it replaced,
// and what that buffer cost: bench/kernel-design.md.
//
// Per-target include guard, as Highway requires for -inl.h files.
#if defined(CDMA_RANS_ENCODE_AVX2_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef CDMA_RANS_ENCODE_AVX2_INL_H_
#undef CDMA_RANS_ENCODE_AVX2_INL_H_
#else
#define CDMA_RANS_ENCODE_AVX2_INL_H_
#endif

#include <hwy/highway.h>

#if HWY_TARGET == HWY_AVX2
#include <immintrin.h>

#include "codecs/entropy/rans.hpp"
#include "codecs/entropy/rans_encode_impl.hpp"
#include "codecs/entropy/rans_simd_tables.hpp"

HWY_BEFORE_NAMESPACE();
namespace cdma::entropy::HWY_NAMESPACE::avx2 {

inline __m256 as_float(__m256i v) { return _mm256_castsi256_ps(v); }
inline __m256i as_int(__m256 v) { return _mm256_castps_si256(v); }

// Lanes of a or b by bit `kBit` of each lane of `sel` (b where it is set).
template <int kBit>
HWY_INLINE __m256i pick(__m256i a, __m256i b, __m256i sel) {
  return as_int(_mm256_blendv_ps(as_float(a), as_float(b), as_float(_mm256_slli_epi32(sel, 31 - kBit))));
}

// Symbols in [base, base + 16): each array's 16 entries in two registers; a
// permute (which reads the low 3 bits of the offset) picks from each, bit 3
// chooses.
struct Window16 {
  static constexpr unsigned kSpan = 16;
  static constexpr bool kDivide = false;
  __m256i base, rcp_lo, rcp_hi, packed_lo, packed_hi;
  Window16(const EncTable& t, unsigned first)
      : base(_mm256_set1_epi32(static_cast<int>(first))),
        rcp_lo(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(t.rcp + first))),
        rcp_hi(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(t.rcp + first + 8))),
        packed_lo(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(t.packed + first))),
        packed_hi(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(t.packed + first + 8))) {}
  HWY_INLINE void operator()(__m256i s, __m256i* rcp, __m256i* packed) const {
    const __m256i off = _mm256_sub_epi32(s, base);
    const __m256 high = as_float(_mm256_cmpgt_epi32(off, _mm256_set1_epi32(7)));
    const auto from = [&](__m256i lo, __m256i hi) {
      return as_int(_mm256_blendv_ps(as_float(_mm256_permutevar8x32_epi32(lo, off)),
                                     as_float(_mm256_permutevar8x32_epi32(hi, off)), high));
    };
    *rcp = from(rcp_lo, rcp_hi);
    *packed = from(packed_lo, packed_hi);
  }
};

// Symbols in [base, base + 64): packed[]'s 64 entries as 8 vectors, a
// permute from each and a tree of blends on offset bits 3, 4 and 5: 19
// instructions in place of one gather: no slower on Zen 4
// (bench/kernel-design.md), and on Intel cores with the gather data
// sampling fix (Skylake to Tiger Lake) a gather costs several times more.
// The quotient comes from a division, as a second table would take 15 more
// instructions.
struct Window64 {
  static constexpr unsigned kSpan = 64;
  static constexpr bool kDivide = true;
  __m256i base;
  __m256i packed[8];
  Window64(const EncTable& t, unsigned first) : base(_mm256_set1_epi32(static_cast<int>(first))) {
    for (int k = 0; k < 8; ++k)
      packed[k] = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(t.packed + first + 8 * k));
  }
  HWY_INLINE void operator()(__m256i s, __m256i* rcp, __m256i* packed_out) const {
    const __m256i off = _mm256_sub_epi32(s, base);
    __m256i p[8];
    for (int k = 0; k < 8; ++k) p[k] = _mm256_permutevar8x32_epi32(packed[k], off);
    const __m256i a = pick<4>(pick<3>(p[0], p[1], off), pick<3>(p[2], p[3], off), off);
    const __m256i b = pick<4>(pick<3>(p[4], p[5], off), pick<3>(p[6], p[7], off), off);
    *packed_out = pick<5>(a, b, off);
    *rcp = _mm256_setzero_si256();
  }
};

// Any symbols: one gather of packed[], the quotient from a division.
struct Gather {
  static constexpr bool kDivide = true;
  const uint32_t* packed;
  HWY_INLINE void operator()(__m256i s, __m256i* rcp, __m256i* packed_out) const {
    *packed_out = _mm256_i32gather_epi32(reinterpret_cast<const int*>(packed), s, 4);
    *rcp = _mm256_setzero_si256();
  }
};

// Where only packed[] was looked up: x' = (q << T) + r + c with q = xe / f
// and r = xe % f, q from a float division in round-to-nearest (FloatMode).
// f < 2^12 converts exactly; the conversion of xe and the division each err
// by at most 2^-24 relative, so the float quotient errs by under Q * 2^-23
// + 1/2^24 for Q = xe / f < 2^(31 - T) (as xe < f << (31 - T)): under 1/4
// for T >= 10, where the quotient less 1/2, truncated, is q or q - 1, and
// one correction (the remainder reaching f) remains; under 1 for smaller
// T, where the truncated quotient is within 1 of q and the remainder's sign
// and size correct it. Corrections fold into x': q + 1 adds M, r - f takes
// f off, so M - f more in all (q - 1: M - f less). Round-to-nearest, not a
// directed mode that would spare the bias: valgrind runs SSE arithmetic in
// round-to-nearest whatever the mode, and must get the same bytes.
template <unsigned kLog>
HWY_INLINE __m256i step_divide(__m256i xe, __m256i f, __m256i c) {
  __m256 qf = _mm256_div_ps(_mm256_cvtepi32_ps(xe), _mm256_cvtepi32_ps(f));
  if constexpr (kLog >= 10) qf = _mm256_sub_ps(qf, _mm256_set1_ps(0.5f));
  const __m256i q = _mm256_cvttps_epi32(qf);
  const __m256i r = _mm256_sub_epi32(xe, _mm256_mullo_epi32(q, f));
  const __m256i cmpl = _mm256_sub_epi32(_mm256_set1_epi32(1 << kLog), f);
  const __m256i right = _mm256_cmpgt_epi32(f, r);  // q not one too low
  __m256i x = _mm256_add_epi32(_mm256_add_epi32(_mm256_slli_epi32(q, kLog), r), c);
  x = _mm256_add_epi32(x, _mm256_andnot_si256(right, cmpl));
  if constexpr (kLog < 10) x = _mm256_sub_epi32(x, _mm256_and_si256(_mm256_cmpgt_epi32(_mm256_setzero_si256(), r), cmpl));
  return x;
}

// x' = xe + c + q * (M - f) with q = (xe * rcp) >> (31 + l) (rans.hpp,
// invariant 8): 32x32->64-bit products on even and odd lanes. An odd
// lane's product shifted left by one has its quotient >> 31 in the high
// half, where the blend takes it.
template <unsigned kLog>
HWY_INLINE __m256i step_rcp(__m256i xe, __m256i f, __m256i c, __m256i rcp, __m256i packed) {
  const __m256i even = _mm256_srli_epi64(_mm256_mul_epu32(xe, rcp), 31);
  const __m256i odd = _mm256_mul_epu32(_mm256_srli_epi64(xe, 32), _mm256_srli_epi64(rcp, 32));
  const __m256i q = _mm256_srlv_epi32(_mm256_blend_epi32(even, _mm256_add_epi64(odd, odd), 0xAA),
                                      _mm256_srli_epi32(packed, 24));
  const __m256i cmpl = _mm256_sub_epi32(_mm256_set1_epi32(1 << kLog), f);
  return _mm256_add_epi32(_mm256_add_epi32(xe, c), _mm256_mullo_epi32(q, cmpl));
}

// One vector of 8 lanes: stores its words right-aligned in the 8 words
// (16 bytes) below *top, moves *top down by their number, returns the new
// states.
template <unsigned kLog, class Lookup>
HWY_INLINE __m256i encode_vector(__m256i x, const uint8_t* syms, const Lookup& lookup, uint8_t** top) {
  __m256i rcp, packed;
  lookup(_mm256_cvtepu8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(syms))), &rcp, &packed);
  const __m256i mask12 = _mm256_set1_epi32(0xFFF);
  const __m256i f = _mm256_and_si256(packed, mask12);
  const __m256i c = _mm256_and_si256(_mm256_srli_epi32(packed, 12), mask12);
  // States and thresholds are below 2^31: the signed compare is exact.
  const __m256i keep = _mm256_cmpgt_epi32(_mm256_slli_epi32(f, 31 - kLog), x);
  const unsigned emit = static_cast<unsigned>(_mm256_movemask_ps(as_float(keep))) ^ 0xFF;
  // Low words of all 8 lanes (a byte shuffle within each half, then the two
  // halves' first 8 bytes together), those of emitting lanes to the top.
  const __m256i low_halves =
      _mm256_setr_epi8(0, 1, 4, 5, 8, 9, 12, 13, -1, -1, -1, -1, -1, -1, -1, -1,  //
                       0, 1, 4, 5, 8, 9, 12, 13, -1, -1, -1, -1, -1, -1, -1, -1);
  const __m256i low = _mm256_permute4x64_epi64(_mm256_shuffle_epi8(x, low_halves), 0x08);
  const __m128i order = _mm_load_si128(reinterpret_cast<const __m128i*>(tables::kWordsHigh.v[emit]));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(*top - 16), _mm_shuffle_epi8(_mm256_castsi256_si128(low), order));
  *top -= 2 * __builtin_popcount(emit);
  const __m256i xe = as_int(_mm256_blendv_ps(as_float(_mm256_srli_epi32(x, 16)), as_float(x), as_float(keep)));
  if constexpr (Lookup::kDivide) {
    (void)rcp;
    return step_divide<kLog>(xe, f, c);
  } else {
    return step_rcp<kLog>(xe, f, c, rcp, packed);
  }
}

// The division's error bound holds in round-to-nearest, and a caller may
// have set another rounding mode, or unmasked the inexact exception: the
// MXCSR default while the division path runs, the caller's after.
struct FloatMode {
  unsigned saved = _mm_getcsr();
  FloatMode() { _mm_setcsr(0x1F80); }  // every exception masked, nearest, no FTZ/DAZ
  ~FloatMode() { _mm_setcsr(saved); }
};

// Codes whole groups from the cursor, last first, while a whole group's
// words fit; advances the cursor. Groups whose symbols all lie in the
// lookup's window take it, others `other` (when the window covers every
// present symbol, the test always passes). The states stay in named
// vectors.
template <unsigned kLog, class Lookup, class Other>
void encode_groups(const uint8_t* src, const Lookup& lookup, const Other& other, unsigned first,
                   EncodeCursor* c) {
  static_assert(kLanesWide == 32, "4 vectors of 8 lanes");
  uint8_t* const words = c->words;
  uint8_t* top = words + 2 * c->w;
  size_t i = c->i;
  __m256i x0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(c->x));
  __m256i x1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(c->x + 8));
  __m256i x2 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(c->x + 16));
  __m256i x3 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(c->x + 24));
  // Symbol bytes outside [first, first + span) have a bit of `outside` set
  // after subtracting first.
  const __m256i first8 = _mm256_set1_epi8(static_cast<char>(first));
  const __m256i outside = _mm256_set1_epi8(static_cast<char>(0x100 - Lookup::kSpan));
  for (; i > 0 && top - words >= static_cast<ptrdiff_t>(2 * kLanesWide); i -= kLanesWide) {
    const uint8_t* g = src + i - kLanesWide;
    const __m256i offsets = _mm256_sub_epi8(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(g)), first8);
    if (HWY_LIKELY(_mm256_testz_si256(offsets, outside))) {
      x3 = encode_vector<kLog>(x3, g + 24, lookup, &top);
      x2 = encode_vector<kLog>(x2, g + 16, lookup, &top);
      x1 = encode_vector<kLog>(x1, g + 8, lookup, &top);
      x0 = encode_vector<kLog>(x0, g, lookup, &top);
    } else {
      x3 = encode_vector<kLog>(x3, g + 24, other, &top);
      x2 = encode_vector<kLog>(x2, g + 16, other, &top);
      x1 = encode_vector<kLog>(x1, g + 8, other, &top);
      x0 = encode_vector<kLog>(x0, g, other, &top);
    }
  }
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(c->x), x0);
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(c->x + 8), x1);
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(c->x + 16), x2);
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(c->x + 24), x3);
  c->w = static_cast<size_t>(top - words) / 2;
  c->i = i;
}

// The first symbol of a window of `span` symbols within [0, 256): from the
// lowest present one when the present symbols fit in it, else where the
// window holds the most probability (absent symbols count f = 1 each in
// packed[], the same in every window).
inline unsigned window_start(const EncTable& t, unsigned span) {
  if (t.hi_symbol - t.lo_symbol < span) return t.lo_symbol < 256 - span ? t.lo_symbol : 256 - span;
  uint32_t mass = 0;
  for (unsigned s = 0; s < span; ++s) mass += t.packed[s] & 0xFFF;
  uint32_t best = mass;
  unsigned first = 0;
  for (unsigned s = span; s < 256; ++s) {
    mass += (t.packed[s] & 0xFFF) - (t.packed[s - span] & 0xFFF);
    if (mass > best) best = mass, first = s - span + 1;
  }
  return first;
}

// Permutes of 16-entry tables when the present symbols fit in 16 values;
// else of packed[]'s 64 entries around the most probable symbols, with a
// gather for groups that have a symbol outside them, which are rare on
// fp16's sign and exponent byte (bench/kernel-design.md).
template <unsigned kLog>
void encode_wide_groups(const uint8_t* src, const EncTable& t, EncodeCursor* c) {
  const Gather gather{t.packed};
  const FloatMode nearest;  // for the division's error bound
  if (t.hi_symbol - t.lo_symbol < Window16::kSpan) {
    const unsigned first = window_start(t, Window16::kSpan);
    encode_groups<kLog>(src, Window16(t, first), gather, first, c);
  } else {
    const unsigned first = window_start(t, Window64::kSpan);
    encode_groups<kLog>(src, Window64(t, first), gather, first, c);
  }
}

}  // namespace cdma::entropy::HWY_NAMESPACE::avx2
HWY_AFTER_NAMESPACE();

#endif  // HWY_TARGET == HWY_AVX2
#endif  // include guard

// VBMI byte-permute lookups for the wide rANS encoder (rans_encode_vbmi.hpp).
// Each function carries its own target attribute instead of the file being
// built with -mavx512*, as in zvc_avx512.cpp: nothing else here may come
// out as AVX-512 code that a CPU without it could end up running.
#include "codecs/entropy/rans_encode_vbmi.hpp"

#include <cstring>

#include "simd/dispatch.hpp"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

// GCC 12's AVX-512 headers start many intrinsics from _mm512_undefined_*()
// and then warn, inside the header, that the value is uninitialized (GCC
// bug 105593, fixed in 13); the warning says nothing about this file.
#if !defined(__clang__)
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace cdma::entropy::vbmi {
namespace {

#define CDMA_VBMI __attribute__((target("avx512f,avx512bw,avx512vbmi,popcnt")))
#define CDMA_VBMI_INLINE CDMA_VBMI inline __attribute__((always_inline))

constexpr size_t kPair = 2 * kLanesWide;  // symbols per loop step: 64, one byte vector

// The unpacks below turn byte k of each 128-bit lane L of the four looked-up
// byte vectors into lane 4L + (k % 4) of 32-bit word vector k / 4. Symbol
// 16j + 4L + m must end up in lane 4L + m of vector j, so the symbols are
// first permuted to position 16L + 4j + m.
struct Order {
  alignas(64) uint8_t index[64];
  constexpr Order() : index() {
    for (unsigned lane = 0; lane < 4; ++lane)
      for (unsigned j = 0; j < 4; ++j)
        for (unsigned m = 0; m < 4; ++m) index[16 * lane + 4 * j + m] = static_cast<uint8_t>(16 * j + 4 * lane + m);
  }
};
constexpr Order kOrder;

// A table's entries [first, first + kEntries) as four byte planes:
// plane[b][j] is byte b of entry first + j.
template <size_t kEntries>
struct Planes {
  alignas(64) uint8_t plane[4][kEntries];
};

template <size_t kEntries>
CDMA_VBMI void split_planes(const uint32_t* words, Planes<kEntries>* out) {
  for (size_t j = 0; j < kEntries; j += 16) {
    const __m512i v = _mm512_loadu_si512(words + j);
    for (unsigned b = 0; b < 4; ++b)
      _mm_store_si128(reinterpret_cast<__m128i*>(out->plane[b] + j),
                      _mm512_cvtepi32_epi8(_mm512_srlv_epi32(v, _mm512_set1_epi32(static_cast<int>(8 * b)))));
  }
}

// The table words of 64 (permuted) symbol offsets, as four vectors of 16.
// 128 entries: one two-register permute per plane (offset bit 7 ignored,
// and zero); 256: two, and offset bit 7 (`high`) picks between them.
template <size_t kEntries>
CDMA_VBMI_INLINE void lookup(const Planes<kEntries>& t, __m512i offsets, __mmask64 high, __m512i words[4]) {
  __m512i b[4];
  for (unsigned k = 0; k < 4; ++k) {
    const uint8_t* p = t.plane[k];
    b[k] = _mm512_permutex2var_epi8(_mm512_load_si512(p), offsets, _mm512_load_si512(p + 64));
    if constexpr (kEntries == 256)
      b[k] = _mm512_mask_blend_epi8(
          high, b[k], _mm512_permutex2var_epi8(_mm512_load_si512(p + 128), offsets, _mm512_load_si512(p + 192)));
  }
  const __m512i w01lo = _mm512_unpacklo_epi8(b[0], b[1]), w01hi = _mm512_unpackhi_epi8(b[0], b[1]);
  const __m512i w23lo = _mm512_unpacklo_epi8(b[2], b[3]), w23hi = _mm512_unpackhi_epi8(b[2], b[3]);
  words[0] = _mm512_unpacklo_epi16(w01lo, w23lo);
  words[1] = _mm512_unpackhi_epi16(w01lo, w23lo);
  words[2] = _mm512_unpacklo_epi16(w01hi, w23hi);
  words[3] = _mm512_unpackhi_epi16(w01hi, w23hi);
}

// One vector of 16 lanes, as encode_vector in rans_encode_kernels-inl.h:
// emits the words of the lanes at x >= f << (31 - T) into block + *used,
// then steps x += c + q * (M - f) with q = ((x * rcp) >> 31) >> l.
template <unsigned kLog>
CDMA_VBMI_INLINE __m512i step(__m512i x, __m512i rcp, __m512i packed, uint16_t* block, size_t* used) {
  const __m512i f = _mm512_and_si512(packed, _mm512_set1_epi32(0xFFF));
  const __mmask16 emit = _mm512_cmpge_epu32_mask(x, _mm512_slli_epi32(f, 31 - kLog));
  const __m512i low = _mm512_and_si512(x, _mm512_set1_epi32(0xFFFF));
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(block + *used),
                      _mm512_cvtepi32_epi16(_mm512_maskz_compress_epi32(emit, low)));
  *used += static_cast<size_t>(__builtin_popcount(emit));
  const __m512i xe = _mm512_mask_srli_epi32(x, emit, x, 16);
  const __m512i even = _mm512_srli_epi64(_mm512_mul_epu32(xe, rcp), 31);
  const __m512i odd = _mm512_srli_epi64(_mm512_mul_epu32(_mm512_srli_epi64(xe, 32), _mm512_srli_epi64(rcp, 32)), 31);
  const __m512i q = _mm512_mask_blend_epi32(0xAAAA, even, _mm512_slli_epi64(odd, 32));
  const __m512i quotient = _mm512_srlv_epi32(q, _mm512_srli_epi32(packed, 24));
  const __m512i cum = _mm512_and_si512(_mm512_srli_epi32(packed, 12), _mm512_set1_epi32(0xFFF));
  const __m512i cmpl = _mm512_sub_epi32(_mm512_set1_epi32(1 << kLog), f);
  return _mm512_add_epi32(_mm512_add_epi32(xe, cum), _mm512_mullo_epi32(quotient, cmpl));
}

template <unsigned kLog, size_t kEntries>
CDMA_VBMI void encode_pairs(const uint8_t* src, const EncTable& t, unsigned first, EncodeCursor* c) {
  if (c->i < kPair || c->w < kPair) return;  // no whole pair: not worth splitting the tables
  Planes<kEntries> rcp, packed;
  split_planes(t.rcp + first, &rcp);
  split_planes(t.packed + first, &packed);
  const __m512i order = _mm512_load_si512(kOrder.index);
  const __m512i base = _mm512_set1_epi8(static_cast<char>(first));
  size_t w = c->w;
  size_t i = c->i;
  __m512i x0 = _mm512_loadu_si512(c->x), x1 = _mm512_loadu_si512(c->x + 16);
  // 32 words of slack below the block (read by the copy), the block, and
  // room for a last full-vector store past it.
  uint16_t buf[kLanesWide + kLanesWide + 16] = {};
  uint16_t* const block = buf + kLanesWide;
  // Two groups per step: a pair's words surely fit while w >= 64.
  for (; i >= kPair && w >= kPair; i -= kPair) {
    __m512i s = _mm512_loadu_si512(src + i - kPair);
    if constexpr (kEntries == 128) s = _mm512_sub_epi8(s, base);
    s = _mm512_permutexvar_epi8(order, s);
    const __mmask64 high = _mm512_movepi8_mask(s);
    __m512i r[4], p[4];
    lookup(rcp, s, high, r);
    lookup(packed, s, high, p);
    // The later group first: symbols are coded last first (rANS is LIFO)
    // and each group's words go below those of the groups after it.
    size_t used = 0;
    x0 = step<kLog>(x0, r[2], p[2], block, &used);
    x1 = step<kLog>(x1, r[3], p[3], block, &used);
    place_block(block, used, c->words, &w);
    used = 0;
    x0 = step<kLog>(x0, r[0], p[0], block, &used);
    x1 = step<kLog>(x1, r[1], p[1], block, &used);
    place_block(block, used, c->words, &w);
  }
  _mm512_storeu_si512(c->x, x0);
  _mm512_storeu_si512(c->x + 16, x1);
  c->w = w;
  c->i = i;
}

}  // namespace

bool supported() { return simd::enabled(simd::Kernel::kRansVbmi); }

void encode_groups(const uint8_t* src, const EncTable& t, EncodeCursor* c) {
  // Symbols within 128 values of each other take the one-permute lookup,
  // from a window that starts at the smallest (or ends at 255).
  const bool narrow = t.hi_symbol - t.lo_symbol < 128;
  const unsigned first = !narrow ? 0 : t.lo_symbol < 128 ? t.lo_symbol : 128;
  with_table_log(t.table_log, [&](auto log) {
    if (narrow)
      encode_pairs<log(), 128>(src, t, first, c);
    else
      encode_pairs<log(), 256>(src, t, first, c);
  });
}

}  // namespace cdma::entropy::vbmi

#else  // not x86-64: never called (no AVX3 target), present for the linker

namespace cdma::entropy::vbmi {
bool supported() { return false; }
void encode_groups(const uint8_t*, const EncTable&, EncodeCursor*) {}
}  // namespace cdma::entropy::vbmi

#endif

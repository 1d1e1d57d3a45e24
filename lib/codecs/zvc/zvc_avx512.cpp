// AVX-512 register compress/expand kernels for ZVC (zvc_avx512.hpp).
// Each function carries its own target attribute instead of the file being
// built with -mavx512*: nothing else here (inline library code included)
// may come out as AVX-512 code that a CPU without it could end up running.
#include "codecs/zvc/zvc_avx512.hpp"

#include <cstring>

#include "simd/dispatch.hpp"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

namespace cdma::zvc::avx512 {
namespace {

// 4- and 8-byte elements need AVX-512F only; 1- and 2-byte ones VBMI2.
#define CDMA_AVX512_WIDE __attribute__((target("avx512f,avx512bw,avx512vl,popcnt")))
#define CDMA_AVX512_NARROW __attribute__((target("avx512f,avx512bw,avx512vl,avx512vbmi2,popcnt")))

// Per element width: the mask type (one bit per element of a 64-byte
// vector) and the four operations the loops need.
template <int kWidth>
struct Lanes;

#define CDMA_ZVC_LANES(W, ATTR, MASK, SUFFIX)                                                               \
  template <>                                                                                               \
  struct Lanes<W> {                                                                                         \
    using Mask = MASK;                                                                                      \
    ATTR static Mask nonzero(__m512i v) { return _mm512_test_##SUFFIX##_mask(v, v); }                       \
    ATTR static Mask differ(__m512i v, __m512i p) { return _mm512_cmpneq_##SUFFIX##_mask(v, p); }           \
    ATTR static __m512i compress(Mask m, __m512i v) { return _mm512_maskz_compress_##SUFFIX(m, v); }        \
    ATTR static __m512i expand(Mask m, __m512i v) { return _mm512_maskz_expand_##SUFFIX(m, v); }            \
  };
CDMA_ZVC_LANES(1, CDMA_AVX512_NARROW, __mmask64, epi8)
CDMA_ZVC_LANES(2, CDMA_AVX512_NARROW, __mmask32, epi16)
CDMA_ZVC_LANES(4, CDMA_AVX512_WIDE, __mmask16, epi32)
CDMA_ZVC_LANES(8, CDMA_AVX512_WIDE, __mmask8, epi64)
#undef CDMA_ZVC_LANES

// The loops, once per attribute set (a template cannot choose its target
// attribute). Mask bytes are the kernel's mask bits as stored, LSB first,
// exactly the ZVC layout. Pointer bumps use popcount(mask) * width; the
// next vector's load does not wait for the previous expand or compress.
#define CDMA_ZVC_LOOPS(ATTR)                                                                               \
  template <int W, bool kVsPrevious>                                                                       \
  ATTR size_t encode_loop(const uint8_t* src, size_t groups, uint8_t* mask, uint8_t* values,               \
                          const uint8_t* values_end, size_t* groups_done) {                                \
    using L = Lanes<W>;                                                                                    \
    constexpr size_t kGroups = 64 / W / 8;                                                                 \
    uint8_t* out = values;                                                                                 \
    size_t g = 0;                                                                                          \
    for (; g + kGroups <= groups && values_end - out >= 64; g += kGroups) {                                \
      const uint8_t* s = src + g * 8 * W;                                                                  \
      const __m512i v = _mm512_loadu_si512(s);                                                             \
      const typename L::Mask m = kVsPrevious ? L::differ(v, _mm512_loadu_si512(s - W)) : L::nonzero(v);   \
      std::memcpy(mask + g, &m, kGroups);                                                                  \
      _mm512_storeu_si512(out, L::compress(m, v));                                                         \
      out += static_cast<size_t>(__builtin_popcountll(m)) * W;                                             \
    }                                                                                                      \
    *groups_done = g;                                                                                      \
    return static_cast<size_t>(out - values);                                                              \
  }                                                                                                        \
  template <int W, bool kStream>                                                                           \
  ATTR size_t decode_loop(const uint8_t* mask, const uint8_t* values, const uint8_t* values_end,           \
                          size_t groups, uint8_t* dst, size_t* groups_done) {                              \
    using L = Lanes<W>;                                                                                    \
    constexpr size_t kGroups = 64 / W / 8;                                                                 \
    const uint8_t* in = values;                                                                            \
    size_t g = 0;                                                                                          \
    for (; g + kGroups <= groups && values_end - in >= 64; g += kGroups) {                                 \
      typename L::Mask m;                                                                                  \
      std::memcpy(&m, mask + g, kGroups);                                                                  \
      const __m512i v = L::expand(m, _mm512_loadu_si512(in));                                              \
      uint8_t* o = dst + g * 8 * W;                                                                        \
      if (kStream) {                                                                                       \
        _mm512_stream_si512(reinterpret_cast<__m512i*>(o), v);                                             \
      } else {                                                                                             \
        _mm512_storeu_si512(o, v);                                                                         \
      }                                                                                                    \
      in += static_cast<size_t>(__builtin_popcountll(m)) * W;                                              \
    }                                                                                                      \
    *groups_done = g;                                                                                      \
    return static_cast<size_t>(in - values);                                                               \
  }

namespace wide {
CDMA_ZVC_LOOPS(CDMA_AVX512_WIDE)
}
namespace narrow {
CDMA_ZVC_LOOPS(CDMA_AVX512_NARROW)
}
#undef CDMA_ZVC_LOOPS

template <bool kVsPrevious>
size_t encode_width(const uint8_t* src, size_t groups, unsigned width, uint8_t* mask, uint8_t* values,
                    const uint8_t* values_end, size_t* groups_done) {
  switch (width) {
    case 1: return narrow::encode_loop<1, kVsPrevious>(src, groups, mask, values, values_end, groups_done);
    case 2: return narrow::encode_loop<2, kVsPrevious>(src, groups, mask, values, values_end, groups_done);
    case 4: return wide::encode_loop<4, kVsPrevious>(src, groups, mask, values, values_end, groups_done);
    default: return wide::encode_loop<8, kVsPrevious>(src, groups, mask, values, values_end, groups_done);
  }
}

template <bool kStream>
size_t decode_width(const uint8_t* mask, const uint8_t* values, const uint8_t* values_end, size_t groups,
                    unsigned width, uint8_t* dst, size_t* groups_done) {
  switch (width) {
    case 1: return narrow::decode_loop<1, kStream>(mask, values, values_end, groups, dst, groups_done);
    case 2: return narrow::decode_loop<2, kStream>(mask, values, values_end, groups, dst, groups_done);
    case 4: return wide::decode_loop<4, kStream>(mask, values, values_end, groups, dst, groups_done);
    default: return wide::decode_loop<8, kStream>(mask, values, values_end, groups, dst, groups_done);
  }
}

}  // namespace

bool supported(unsigned width) {
  return simd::enabled(width >= 4 ? simd::Kernel::kZvcAvx512 : simd::Kernel::kZvcAvx512Vbmi2);
}

size_t encode_groups(const uint8_t* src, size_t groups, unsigned width, bool vs_previous, uint8_t* mask,
                     uint8_t* values, const uint8_t* values_end, size_t* groups_done) {
  return vs_previous ? encode_width<true>(src, groups, width, mask, values, values_end, groups_done)
                     : encode_width<false>(src, groups, width, mask, values, values_end, groups_done);
}

size_t decode_groups(const uint8_t* mask, const uint8_t* values, const uint8_t* values_end, size_t groups,
                     unsigned width, uint8_t* dst, bool stream, size_t* groups_done) {
  return stream ? decode_width<true>(mask, values, values_end, groups, width, dst, groups_done)
                : decode_width<false>(mask, values, values_end, groups, width, dst, groups_done);
}

}  // namespace cdma::zvc::avx512

#else  // not x86-64: never called (no AVX3 target), present for the linker

namespace cdma::zvc::avx512 {
bool supported(unsigned) { return false; }
size_t encode_groups(const uint8_t*, size_t, unsigned, bool, uint8_t*, uint8_t*, const uint8_t*, size_t* done) {
  *done = 0;
  return 0;
}
size_t decode_groups(const uint8_t*, const uint8_t*, const uint8_t*, size_t, unsigned, uint8_t*, bool,
                     size_t* done) {
  *done = 0;
  return 0;
}
}  // namespace cdma::zvc::avx512

#endif

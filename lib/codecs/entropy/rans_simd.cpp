// Highway dynamic dispatch for the rANS coders: foreach_target compiles
// this file once per target. For wide streams the best target the CPU
// supports codes or decodes the whole groups; the scalar reference does the
// partial group, the last words near the end of a buffer, and the final
// checks, so every target produces and accepts exactly the same bytes.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "codecs/entropy/rans_simd.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep

#include <hwy/highway.h>

#include "codecs/entropy/rans_decode_kernels-inl.h"
#include "codecs/entropy/rans_encode_kernels-inl.h"

HWY_BEFORE_NAMESPACE();
namespace cdma::entropy::HWY_NAMESPACE {

void DecodeWide(DecodeCursor* c, const DecTable& t, uint8_t* dst, size_t groups) {
#if !CDMA_RANS_SIMD_DECODE
  // The scalar reference does all the work (rans_decode_kernels-inl.h).
  (void)c, (void)t, (void)dst, (void)groups;
#else
  with_table_log(t.table_log, [&](auto log) HWY_ATTR { decode_wide_groups<log()>(c, t.slot, dst, groups); });
#endif
}

void EncodeWide(const uint8_t* src, const EncTable& t, EncodeCursor* c) {
#if !CDMA_RANS_SIMD_ENCODE
  (void)src, (void)t, (void)c;  // the same (rans_encode_kernels-inl.h)
#else
  with_table_log(t.table_log, [&](auto log) HWY_ATTR { encode_wide_groups<log()>(src, t, c); });
#endif
}

}  // namespace cdma::entropy::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include "common/error.hpp"
#include "simd/dispatch.hpp"

namespace cdma::entropy {

HWY_EXPORT(DecodeWide);
HWY_EXPORT(EncodeWide);

size_t rans_encode(const uint8_t* src, size_t n, unsigned lanes, const EncTable& t, uint8_t* dst,
                   size_t dst_capacity) {
  EncodeCursor c;
  if (start_encode(src, n, lanes, t, dst, dst_capacity, &c) == kNoFit) return kNoFit;
  if (lanes == kLanesWide) CDMA_DYNAMIC_DISPATCH(EncodeWide)(src, t, &c);
  return finish_encode(src, lanes, t, dst, dst_capacity, &c);
}

size_t rans_decode(const uint8_t* src, size_t src_size, unsigned lanes, const DecTable& t,
                   uint8_t* dst, size_t dst_size) {
  DecodeCursor c;
  CDMA_FORWARD_IF_ERROR(start_decode(src, src_size, lanes, &c));
  if (lanes == kLanesWide) CDMA_DYNAMIC_DISPATCH(DecodeWide)(&c, t, dst, dst_size / kLanesWide);
  return finish_decode(&c, lanes, t, dst, dst_size);
}

}  // namespace cdma::entropy
#endif  // HWY_ONCE

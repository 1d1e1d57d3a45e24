// Highway dynamic dispatch for zero-RLE: foreach_target compiles this file
// once per target; each call picks the best target the CPU supports. The
// payload layout and validation are the shared bodies of zrle_walk.hpp; the
// targets supply bitmap run finders and the nonzero count. Those bodies are
// compiled for the baseline target, so the entry points are flattened:
// everything they call is inlined into them, under their target.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "codecs/zrle/zrle_simd.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep

#include <hwy/highway.h>

#include "codecs/runs/runs_kernels-inl.h"
#include "codecs/zrle/wild_fill.hpp"
#include "codecs/zrle/zrle_kernels-inl.h"
#include "codecs/zrle/zrle_scalar_impl.hpp"
#include "codecs/zrle/zrle_walk.hpp"

HWY_BEFORE_NAMESPACE();
namespace cdma::zrle::HWY_NAMESPACE {
#if HWY_TARGET != HWY_SCALAR
namespace rk = cdma::runs::HWY_NAMESPACE;
template <size_t kWidth>
using Finder = rk::WordFinder<rk::NonzeroWords<kWidth>>;
#endif

HWY_FLATTEN size_t CountNonzero(const uint8_t* src, size_t n, unsigned width) {
#if HWY_TARGET == HWY_SCALAR
  return count_nonzero_scalar(src, n, width);
#else
  return rk::with_width(width, [&](auto w) { return count_nonzero<w.value>(src, n); });
#endif
}

HWY_FLATTEN size_t EncodeRuns(const uint8_t* src, size_t n, unsigned width, uint8_t* lits,
                              uint8_t* runs, const uint8_t* runs_end) {
#if HWY_TARGET == HWY_SCALAR
  return encode_runs_scalar(src, n, width, lits, runs, runs_end);
#else
  return rk::with_width(width, [&](auto w) {
    Finder<w.value> finder({src, n}, n);
    // The literal area ends where Runs begin.
    return encode_runs(finder, src, n, w.value, lits, runs, runs_end,
                       WildFill{src + n * w.value, runs});
  });
#endif
}

HWY_FLATTEN Measure MeasureRuns(const uint8_t* src, size_t n, unsigned width) {
#if HWY_TARGET == HWY_SCALAR
  return measure_scalar(src, n, width);
#else
  return rk::with_width(width, [&](auto w) {
    Finder<w.value> finder({src, n}, n);
    return measure_runs(finder, n);
  });
#endif
}

HWY_FLATTEN size_t DecodeRuns(const uint8_t* lits, size_t nonzero, const uint8_t* runs,
                              const uint8_t* runs_end, uint8_t* dst, size_t n, unsigned width) {
#if HWY_TARGET == HWY_SCALAR
  return decode_runs_scalar(lits, nonzero, runs, runs_end, dst, n, width);
#else
  return rk::with_width(width, [&](auto w) {
    // Literals are followed by Runs in the payload, so reads may pass them.
    return decode_runs(lits, nonzero, runs, runs_end, dst, n, w.value,
                       WildFill{runs_end, dst + n * w.value});
  });
#endif
}

}  // namespace cdma::zrle::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include "simd/dispatch.hpp"

namespace cdma::zrle {

HWY_EXPORT(CountNonzero);
HWY_EXPORT(EncodeRuns);
HWY_EXPORT(MeasureRuns);
HWY_EXPORT(DecodeRuns);

size_t encoded_size(const uint8_t* src, size_t size, unsigned width) {
  return payload_size(CDMA_DYNAMIC_DISPATCH(MeasureRuns)(src, size / width, width), size, width);
}

size_t encode(const uint8_t* src, size_t size, unsigned width, uint8_t* dst, size_t dst_capacity) {
  return encode_payload(src, size, width, dst, dst_capacity, CDMA_DYNAMIC_DISPATCH(CountNonzero),
                        CDMA_DYNAMIC_DISPATCH(EncodeRuns));
}

size_t decode(const uint8_t* src, size_t src_size, unsigned width, uint8_t* dst, size_t dst_size) {
  return decode_payload(src, src_size, width, dst, dst_size, CDMA_DYNAMIC_DISPATCH(DecodeRuns));
}

}  // namespace cdma::zrle
#endif  // HWY_ONCE

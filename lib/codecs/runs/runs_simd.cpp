// Highway dynamic dispatch for the run statistics and the byte RLE encoder:
// foreach_target compiles this file once per target, and each call picks the
// best target the CPU supports. On HWY_SCALAR the scalar references do the
// work, as one-lane vectors gain nothing. The shared walks are compiled for
// the baseline target, so the entry points are flattened: everything they
// call is inlined into them, under their target.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "codecs/runs/runs_simd.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep

#include <hwy/highway.h>

#include "codecs/runs/rle_bytes.hpp"
#include "codecs/runs/rle_bytes_tokens.hpp"
#include "codecs/runs/run_stats.hpp"
#include "codecs/runs/run_stats_collect.hpp"
#include "codecs/runs/runs_kernels-inl.h"

HWY_BEFORE_NAMESPACE();
namespace cdma::runs::HWY_NAMESPACE {

HWY_FLATTEN RunStats ElementRunStats(const uint8_t* src, size_t n, unsigned width) {
#if HWY_TARGET == HWY_SCALAR
  return scalar::element_run_stats(src, n * width, width);
#else
  return with_width(width, [&](auto w) {
    WordFinder<NonzeroWords<w.value> > finder({src, n}, n);
    return collect_run_stats(finder, n);
  });
#endif
}

HWY_FLATTEN RunStats BitRunStats(const uint8_t* bits, size_t bit_count) {
#if HWY_TARGET == HWY_SCALAR
  return scalar::bit_run_stats(bits, bit_count);
#else
  WordFinder<MaskWords> finder({bits, bit_count}, bit_count);
  return collect_run_stats(finder, bit_count);
#endif
}

HWY_FLATTEN size_t RleBytesEncode(const uint8_t* src, size_t size, uint8_t* dst,
                                  size_t dst_capacity) {
#if HWY_TARGET == HWY_SCALAR
  return scalar::rle_bytes_encode(src, size, dst, dst_capacity);
#else
  ByteRunFinder finder(src, size);
  return rle_encode_walk(finder, src, size, dst, dst_capacity);
#endif
}

}  // namespace cdma::runs::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include "simd/dispatch.hpp"

namespace cdma::runs {

HWY_EXPORT(ElementRunStats);
HWY_EXPORT(BitRunStats);
HWY_EXPORT(RleBytesEncode);

RunStats element_run_stats(const uint8_t* src, size_t size, unsigned width) {
  return CDMA_DYNAMIC_DISPATCH(ElementRunStats)(src, size / width, width);
}

RunStats bit_run_stats(const uint8_t* bits, size_t bit_count) {
  return CDMA_DYNAMIC_DISPATCH(BitRunStats)(bits, bit_count);
}

size_t rle_bytes_encode(const uint8_t* src, size_t size, uint8_t* dst, size_t dst_capacity) {
  return CDMA_DYNAMIC_DISPATCH(RleBytesEncode)(src, size, dst, dst_capacity);
}

}  // namespace cdma::runs
#endif  // HWY_ONCE

// encode(): histogram, then the cheapest of RLE, rANS and RAW. The estimate
// rules out rANS before any table is built when it cannot win; a rANS
// stream that turns out no smaller than RAW is replaced by RAW.
#include <algorithm>
#include <cstring>

#include "codecs/entropy/entropy.hpp"
#include "codecs/entropy/estimate_impl.hpp"
#include "codecs/entropy/rans.hpp"
#include "common/error.hpp"

namespace cdma::entropy {

namespace {

size_t store_raw(const uint8_t* src, size_t n, uint8_t* dst, size_t dst_capacity) {
  if (dst_capacity < encode_bound(n)) return kNoFit;
  dst[0] = kModeRaw;
  if (n != 0) std::memcpy(dst + 1, src, n);
  return n + 1;
}

// Mode, table and stream, or kNoFit when they would not come in under
// min(dst_capacity, n) bytes, i.e. when RAW would be no larger.
size_t store_rans(const uint8_t* src, size_t n, const uint32_t hist[256], unsigned lanes,
                  const EncodeOptions& options, uint8_t* dst, size_t dst_capacity) {
  const size_t limit = std::min(dst_capacity, n);
  const unsigned log = choose_table_log(n, options);
  uint16_t norm[256];
  if (is_error(normalize(hist, n, log, norm, options.fast_normalize)) || limit < 1) return kNoFit;
  const size_t table = write_table(norm, log, dst + 1, limit - 1);
  if (table == kNoFit) return kNoFit;
  EncTable t;
  build_encoder(norm, log, &t);
  const size_t stream = rans_encode(src, n, lanes, t, dst + 1 + table, limit - 1 - table);
  if (stream == kNoFit) return kNoFit;
  dst[0] = lanes == kLanesWide ? kModeRans32 : kModeRans4;
  return 1 + table + stream;
}

}  // namespace

size_t encode(const uint8_t* src, size_t n, uint8_t* dst, size_t dst_capacity,
              const EncodeOptions& options) {
  if (n == 0 || n > kMaxCodedSize) return store_raw(src, n, dst, dst_capacity);
  uint32_t hist[256];
  if (histogram(src, n, hist) == 1) {
    if (dst_capacity < 2) return kNoFit;
    dst[0] = kModeRle;
    dst[1] = src[0];
    return 2;
  }
  const size_t table = estimate_table_size(hist, n, options);
  const Coding coding = choose_coding(hist, n, table, shannon_bound(hist, n), options);
  if (coding.rans) {
    const size_t size = store_rans(src, n, hist, coding.lanes, options, dst, dst_capacity);
    if (size != kNoFit) return size;
  }
  return store_raw(src, n, dst, dst_capacity);
}

}  // namespace cdma::entropy

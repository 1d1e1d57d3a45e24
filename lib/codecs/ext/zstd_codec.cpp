#include <zstd.h>

#include "codecs/ext/ext.hpp"
#include "codecs/codec.hpp"
#include "common/error.hpp"

namespace cdma::ext {
namespace {

// One context per thread, created on first use: zstd contexts are costly to
// build (hundreds of KiB) relative to a 128 KiB block, and a context is only
// ever used by the thread that owns it.
struct ZstdContexts {
  ZSTD_CCtx* c = nullptr;
  ZSTD_DCtx* d = nullptr;
  ~ZstdContexts() {
    ZSTD_freeCCtx(c);
    ZSTD_freeDCtx(d);
  }
};
thread_local ZstdContexts tls;

}  // namespace

int zstd_level_for(int cdma_level) {
  static constexpr int kMap[10] = {3, 1, 1, 2, 3, 4, 6, 9, 13, 19};
  return kMap[cdma_level < 0 || cdma_level > 9 ? 0 : cdma_level];
}

size_t zstd_encode(const uint8_t* src, size_t size, int zstd_level, uint8_t* dst, size_t cap) {
  if (tls.c == nullptr) {
    if ((tls.c = ZSTD_createCCtx()) == nullptr) return kCodecNoFit;
    // The frame records sizes already; keep the zstd frame minimal.
    ZSTD_CCtx_setParameter(tls.c, ZSTD_c_contentSizeFlag, 0);
    ZSTD_CCtx_setParameter(tls.c, ZSTD_c_checksumFlag, 0);
  }
  // Only the level changes between calls; resetting parameters each time
  // made zstd rebuild its tables and cost ~100 us per 4 KiB stream.
  ZSTD_CCtx_setParameter(tls.c, ZSTD_c_compressionLevel, zstd_level);
  const size_t r = ZSTD_compress2(tls.c, dst, cap, src, size);
  return ZSTD_isError(r) ? kCodecNoFit : r;
}

size_t zstd_decode(const uint8_t* src, size_t src_size, uint8_t* dst, size_t dst_size) {
  if (tls.d == nullptr && (tls.d = ZSTD_createDCtx()) == nullptr)
    return make_error(CDMA_ERROR_memory_allocation);
  // The window can never need more than the block itself.
  ZSTD_DCtx_reset(tls.d, ZSTD_reset_session_and_parameters);
  ZSTD_DCtx_setParameter(tls.d, ZSTD_d_windowLogMax, 27);
  const size_t r = ZSTD_decompressDCtx(tls.d, dst, dst_size, src, src_size);
  CDMA_RETURN_ERROR_IF(ZSTD_isError(r) || r != dst_size, corruption_detected);
  return dst_size;
}

}  // namespace cdma::ext

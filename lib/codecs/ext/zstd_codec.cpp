#define ZSTD_STATIC_LINKING_ONLY  // ZSTD_estimate*: the memory limit counts the contexts
#include <zstd.h>

#include <algorithm>

#include "codecs/ext/ext.hpp"
#include "codecs/codec.hpp"
#include "codecs/workspace.hpp"
#include "common/error.hpp"

namespace cdma::ext {

int zstd_level_for(int cdma_level) {
  static constexpr int kMap[10] = {3, 1, 1, 2, 3, 4, 6, 9, 13, 19};
  return kMap[cdma_level < 0 || cdma_level > 9 ? 0 : cdma_level];
}

size_t zstd_encode(Workspace& ws, const uint8_t* src, size_t size, int zstd_level, uint8_t* dst, size_t cap) {
  // One context per Workspace, kept: zstd contexts are costly to build
  // (hundreds of KiB) relative to a 128 KiB block.
  ZSTD_CCtx* const c = ws.zstd_compressor();
  if (c == nullptr) return kCodecNoFit;
  // The frame records sizes already; keep the zstd frame minimal. Only
  // parameters are set, never reset: resetting them each time made zstd
  // rebuild its tables, a large cost on small streams
  // (bench/kernel-design.md).
  ZSTD_CCtx_setParameter(c, ZSTD_c_contentSizeFlag, 0);
  ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 0);
  ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, zstd_level);
  const size_t r = ZSTD_compress2(c, dst, cap, src, size);
  return ZSTD_isError(r) ? kCodecNoFit : r;
}

size_t zstd_decode(Workspace& ws, const uint8_t* src, size_t src_size, uint8_t* dst, size_t dst_size) {
  ZSTD_DCtx* const d = ws.zstd_decompressor();
  if (d == nullptr) return make_error(CDMA_ERROR_memory_allocation);
  // The window can never need more than the block itself.
  ZSTD_DCtx_reset(d, ZSTD_reset_session_and_parameters);
  ZSTD_DCtx_setParameter(d, ZSTD_d_windowLogMax, 27);
  const size_t r = ZSTD_decompressDCtx(d, dst, dst_size, src, src_size);
  CDMA_RETURN_ERROR_IF(ZSTD_isError(r) || r != dst_size, corruption_detected);
  return dst_size;
}

uint64_t zstd_encode_workspace(int zstd_level, size_t size) {
  // A context keeps the largest tables it was asked for, so the bound is
  // the largest over the levels up to this one. ZSTD_compress2 sizes them
  // for the input it is given, as ZSTD_getCParams does with `size`.
  uint64_t most = 0;
  for (int l = 1; l <= zstd_level; ++l)
    most = std::max<uint64_t>(most, ZSTD_estimateCCtxSize_usingCParams(ZSTD_getCParams(l, size, 0)));
  return most;
}

// One-shot decoding (ZSTD_decompressDCtx) needs no window buffer: the
// context itself is all.
uint64_t zstd_decode_workspace() { return ZSTD_estimateDCtxSize(); }

}  // namespace cdma::ext

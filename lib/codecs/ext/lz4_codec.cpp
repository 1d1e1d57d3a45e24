#include <climits>

#include <lz4.h>
#include <lz4hc.h>

#include "codecs/ext/ext.hpp"
#include "codecs/codec.hpp"
#include "codecs/workspace.hpp"
#include "common/error.hpp"

namespace cdma::ext {

int lz4_level_for(int cdma_level) {
  // 0 selects LZ4's fast coder; HC levels 4..12 follow for the slow levels.
  static constexpr int kMap[10] = {0, 0, 0, 0, 0, 4, 6, 8, 10, 12};
  return kMap[cdma_level < 0 || cdma_level > 9 ? 0 : cdma_level];
}

size_t lz4_encode(Workspace& ws, const uint8_t* src, size_t size, int lz4_level, uint8_t* dst, size_t cap) {
  if (size > static_cast<size_t>(LZ4_MAX_INPUT_SIZE)) return kCodecNoFit;
  const int c = static_cast<int>(cap > INT_MAX ? INT_MAX : cap);
  const auto* in = reinterpret_cast<const char*>(src);
  auto* out = reinterpret_cast<char*>(dst);
  // The fast coder's state is on the stack; HC's (256 KiB) is kept in the
  // Workspace, where LZ4_compress_HC would allocate and free it per call.
  const int n = lz4_level <= 0 ? LZ4_compress_default(in, out, static_cast<int>(size), c)
                               : LZ4_compress_HC_extStateHC(ws.scratch(ScratchSlot::kLz4Hc, LZ4_sizeofStateHC()),
                                                            in, out, static_cast<int>(size), c, lz4_level);
  return n <= 0 ? kCodecNoFit : static_cast<size_t>(n);
}

size_t lz4_decode(const uint8_t* src, size_t src_size, uint8_t* dst, size_t dst_size) {
  CDMA_RETURN_ERROR_IF(src_size > INT_MAX || dst_size > INT_MAX, corruption_detected);
  const int n = LZ4_decompress_safe(reinterpret_cast<const char*>(src), reinterpret_cast<char*>(dst),
                                    static_cast<int>(src_size), static_cast<int>(dst_size));
  CDMA_RETURN_ERROR_IF(n < 0 || static_cast<size_t>(n) != dst_size, corruption_detected);
  return dst_size;
}

uint64_t lz4_encode_workspace(int lz4_level) {
  return lz4_level <= 0 ? 0 : Workspace::scratch_bytes(static_cast<uint64_t>(LZ4_sizeofStateHC()));
}

}  // namespace cdma::ext

// decode(): dispatch on the mode byte; every size is checked against
// src_size and dst_size before it is used.
#include <cstring>

#include "codecs/entropy/entropy.hpp"
#include "codecs/entropy/rans.hpp"
#include "common/error.hpp"

namespace cdma::entropy {

size_t decode(const uint8_t* src, size_t src_size, uint8_t* dst, size_t dst_size) {
  CDMA_RETURN_ERROR_IF(src_size == 0, corruption_detected);
  switch (src[0]) {
    case kModeRaw:
      CDMA_RETURN_ERROR_IF(src_size - 1 != dst_size, corruption_detected);
      if (dst_size != 0) std::memcpy(dst, src + 1, dst_size);
      return dst_size;
    case kModeRle:
      CDMA_RETURN_ERROR_IF(src_size != 2 || dst_size == 0, corruption_detected);
      std::memset(dst, src[1], dst_size);
      return dst_size;
    case kModeRans4:
    case kModeRans32: {
      uint16_t norm[256];
      unsigned log = 0;
      const size_t table = read_table(src + 1, src_size - 1, norm, &log);
      CDMA_FORWARD_IF_ERROR(table);
      DecTable t;
      build_decoder(norm, log, &t);
      const unsigned lanes = src[0] == kModeRans32 ? kLanesWide : kLanesNarrow;
      return rans_decode(src + 1 + table, src_size - 1 - table, lanes, t, dst, dst_size);
    }
    default:
      CDMA_RETURN_ERROR_IF(true, corruption_detected);
  }
}

}  // namespace cdma::entropy

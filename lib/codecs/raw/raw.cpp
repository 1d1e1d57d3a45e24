#include "codecs/raw/raw.hpp"

#include <cstring>

#include "codecs/codec.hpp"
#include "common/error.hpp"

namespace cdma::raw {

bool all_zero(const uint8_t* p, size_t size) {
  // Word-at-a-time OR; the compiler vectorises this loop.
  uint64_t acc = 0;
  size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    acc |= w;
  }
  for (; i < size; ++i) acc |= p[i];
  return acc == 0;
}

size_t store_encode(Workspace&, const uint8_t* src, size_t size, unsigned, int, uint8_t* dst, size_t cap) {
  if (cap < size) return kCodecNoFit;
  if (size) std::memcpy(dst, src, size);  // src and dst may be null when empty
  return size;
}

size_t store_decode(Workspace&, const uint8_t* src, size_t src_size, unsigned, uint8_t* dst, size_t dst_size) {
  CDMA_RETURN_ERROR_IF(src_size != dst_size, corruption_detected);
  if (dst_size) std::memcpy(dst, src, dst_size);  // dst is null for an empty content
  return dst_size;
}

size_t zero_encode(Workspace&, const uint8_t* src, size_t size, unsigned, int, uint8_t*, size_t) {
  return all_zero(src, size) ? 0 : kCodecNoFit;
}

size_t zero_decode(Workspace&, const uint8_t*, size_t src_size, unsigned, uint8_t* dst, size_t dst_size) {
  CDMA_RETURN_ERROR_IF(src_size != 0, corruption_detected);
  if (dst_size) std::memset(dst, 0, dst_size);
  return dst_size;
}

}  // namespace cdma::raw

// Plain scalar reference of the byte-plane split and join. It is also the
// tail handler of the SIMD kernels, so it accepts any first element.
#include <cstring>

#include "codecs/byteplane/byteplane.hpp"
#include "codecs/byteplane/byteplane_scalar_impl.hpp"

namespace cdma::byteplane {

void split_range(const uint8_t* src, size_t first, size_t count, unsigned width,
                 uint8_t* const planes[]) {
  for (size_t i = first; i < count; ++i)
    for (unsigned k = 0; k < width; ++k) planes[k][i] = src[i * width + k];
}

void join_range(const uint8_t* const planes[], size_t first, size_t count, unsigned width,
                uint8_t* dst) {
  for (size_t i = first; i < count; ++i)
    for (unsigned k = 0; k < width; ++k) dst[i * width + k] = planes[k][i];
}

namespace scalar {

void split(const uint8_t* src, size_t count, unsigned width, uint8_t* const planes[]) {
  split_range(src, 0, count, width, planes);
}

void join(const uint8_t* const planes[], size_t count, unsigned width, uint8_t* dst) {
  join_range(planes, 0, count, width, dst);
}

}  // namespace scalar
}  // namespace cdma::byteplane

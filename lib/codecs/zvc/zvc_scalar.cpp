// Plain scalar reference of the ZVC format. It is also the tail handler of
// the SIMD kernels, so it must accept any starting element index.
#include <cstring>

#include "codecs/zvc/zvc.hpp"
#include "codecs/zvc/zvc_scalar_impl.hpp"
#include "common/error.hpp"
#include "common/popcount.hpp"

namespace cdma::zvc {

namespace {
bool element_nonzero(const uint8_t* p, unsigned width) {
  uint8_t any = 0;
  for (unsigned b = 0; b < width; ++b) any |= p[b];
  return any != 0;
}
}  // namespace

size_t encode_elements_scalar(const uint8_t* src, size_t first, size_t elements, unsigned width,
                              uint8_t* mask, uint8_t* values, const uint8_t* values_end) {
  uint8_t* out = values;
  for (size_t i = first; i < elements; ++i) {
    const uint8_t* e = src + i * width;
    if (!element_nonzero(e, width)) continue;
    if (static_cast<size_t>(values_end - out) < width) return kNoFit;
    std::memcpy(out, e, width);
    out += width;
    mask[i / 8] |= static_cast<uint8_t>(1u << (i % 8));
  }
  return static_cast<size_t>(out - values);
}

namespace {
// Decode of elements [first, elements): a set mask bit takes the next
// value; a clear one is zero (ZVC) or, with `hold`, the element before it
// (the repeat expansion; zero for element 0).
size_t expand_elements(const uint8_t* mask, const uint8_t* values, size_t first, size_t elements,
                       unsigned width, uint8_t* dst, bool hold) {
  const uint8_t* in = values;
  for (size_t i = first; i < elements; ++i) {
    uint8_t* e = dst + i * width;
    if (mask[i / 8] & (1u << (i % 8))) {
      std::memcpy(e, in, width);
      in += width;
    } else if (hold && i > 0) {
      std::memcpy(e, e - width, width);
    } else {
      std::memset(e, 0, width);
    }
  }
  return static_cast<size_t>(in - values);
}
}  // namespace

size_t decode_elements_scalar(const uint8_t* mask, const uint8_t* values, size_t first,
                              size_t elements, unsigned width, uint8_t* dst) {
  return expand_elements(mask, values, first, elements, width, dst, false);
}

size_t expand_repeats_scalar_from(const uint8_t* mask, const uint8_t* values, size_t first, size_t elements,
                                  unsigned width, uint8_t* dst) {
  return expand_elements(mask, values, first, elements, width, dst, true);
}

size_t encoded_size(const uint8_t* src, size_t size, unsigned width) {
  const size_t n = size / width;
  size_t nnz = 0;
  for (size_t i = 0; i < n; ++i) nnz += element_nonzero(src + i * width, width);
  return mask_bytes(n) + nnz * width + size % width;
}

size_t validate_payload(const uint8_t* src, size_t src_size, unsigned width, size_t dst_size) {
  const size_t n = dst_size / width;
  const size_t mb = mask_bytes(n);
  const size_t tail = dst_size % width;
  CDMA_RETURN_ERROR_IF(src_size < mb + tail, corruption_detected);
  const size_t nnz = popcount_bytes(src, mb);
  // Bits past the last element are unused and must be zero, so that every
  // payload has exactly one meaning.
  if (n % 8 != 0) CDMA_RETURN_ERROR_IF(src[mb - 1] >> (n % 8), corruption_detected);
  CDMA_RETURN_ERROR_IF(src_size != mb + nnz * width + tail, corruption_detected);
  return nnz;
}

namespace scalar {

size_t encode(const uint8_t* src, size_t size, unsigned width, uint8_t* dst, size_t dst_capacity) {
  const size_t n = size / width;
  const size_t mb = mask_bytes(n);
  const size_t tail = size % width;
  if (dst_capacity < mb + tail) return kNoFit;
  std::memset(dst, 0, mb);
  const size_t vbytes = encode_elements_scalar(src, 0, n, width, dst, dst + mb, dst + dst_capacity - tail);
  if (vbytes == kNoFit) return kNoFit;
  if (tail) std::memcpy(dst + mb + vbytes, src + n * width, tail);  // src may be null when empty
  return mb + vbytes + tail;
}

size_t decode(const uint8_t* src, size_t src_size, unsigned width, uint8_t* dst, size_t dst_size) {
  const size_t nnz = validate_payload(src, src_size, width, dst_size);
  CDMA_FORWARD_IF_ERROR(nnz);
  const size_t n = dst_size / width;
  const size_t mb = mask_bytes(n);
  decode_elements_scalar(src, src + mb, 0, n, width, dst);
  if (dst_size % width) std::memcpy(dst + n * width, src + mb + nnz * width, dst_size % width);
  return dst_size;
}

void expand_repeats(const uint8_t* mask, const uint8_t* values, size_t count, unsigned width, uint8_t* dst) {
  expand_repeats_scalar_from(mask, values, 0, count, width, dst);
}

}  // namespace scalar
}  // namespace cdma::zvc

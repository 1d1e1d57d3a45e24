// Plain scalar reference of zero-RLE: an element loop finds the runs, memcpy
// and memset move the bytes. The SIMD kernels must match it byte for byte.
#include <cstring>

#include "codecs/runs/element.hpp"
#include "codecs/runs/scalar_finder.hpp"
#include "codecs/zrle/zrle.hpp"
#include "codecs/zrle/zrle_scalar_impl.hpp"
#include "codecs/zrle/zrle_walk.hpp"

namespace cdma::zrle {

namespace {
struct MemFill {
  static void zeros(uint8_t* to, size_t bytes) { std::memset(to, 0, bytes); }
  static void copy(uint8_t* to, const uint8_t* from, size_t bytes) { std::memcpy(to, from, bytes); }
  static void pair(uint8_t* to, size_t zero_bytes, const uint8_t* from, size_t literal_bytes) {
    zeros(to, zero_bytes);
    copy(to + zero_bytes, from, literal_bytes);
  }
};
}  // namespace

size_t count_nonzero_scalar(const uint8_t* src, size_t n, unsigned width) {
  size_t nonzero = 0;
  for (size_t i = 0; i < n; ++i) nonzero += runs::element_nonzero(src + i * width, width);
  return nonzero;
}

size_t encode_runs_scalar(const uint8_t* src, size_t n, unsigned width, uint8_t* lits,
                          uint8_t* runs, const uint8_t* runs_end) {
  auto finder = runs::scalar_element_finder(src, n, width);
  return encode_runs(finder, src, n, width, lits, runs, runs_end, MemFill());
}

Measure measure_scalar(const uint8_t* src, size_t n, unsigned width) {
  auto finder = runs::scalar_element_finder(src, n, width);
  return measure_runs(finder, n);
}

size_t decode_runs_scalar(const uint8_t* lits, size_t nonzero, const uint8_t* runs,
                          const uint8_t* runs_end, uint8_t* dst, size_t n, unsigned width) {
  return decode_runs(lits, nonzero, runs, runs_end, dst, n, width, MemFill());
}

namespace scalar {

size_t encoded_size(const uint8_t* src, size_t size, unsigned width) {
  return payload_size(measure_scalar(src, size / width, width), size, width);
}

size_t encode(const uint8_t* src, size_t size, unsigned width, uint8_t* dst, size_t dst_capacity) {
  return encode_payload(src, size, width, dst, dst_capacity, count_nonzero_scalar,
                        encode_runs_scalar);
}

size_t decode(const uint8_t* src, size_t src_size, unsigned width, uint8_t* dst, size_t dst_size) {
  return decode_payload(src, src_size, width, dst, dst_size, decode_runs_scalar);
}

}  // namespace scalar
}  // namespace cdma::zrle

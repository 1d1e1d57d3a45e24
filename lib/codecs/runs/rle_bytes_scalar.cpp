// Byte RLE: the scalar reference encoder and the one decoder.
#include <cstring>

#include "codecs/runs/nibble_code.hpp"
#include "codecs/runs/rle_bytes.hpp"
#include "codecs/runs/rle_bytes_tokens.hpp"
#include "common/error.hpp"

namespace cdma::runs {

namespace {

struct ScalarByteRunFinder {
  const uint8_t* src;
  size_t size;

  size_t run_end(size_t s) const {
    size_t e = s + 1;
    while (e < size && src[e] == src[s]) ++e;
    return e;
  }
  // Visits maximal runs: pos is 0 or ends a run, so a run never starts before it.
  size_t next_run(size_t pos) const {
    while (pos < size) {
      const size_t e = run_end(pos);
      if (e - pos >= kRleMinRun) return pos;
      pos = e;
    }
    return size;
  }
};

}  // namespace

namespace scalar {
size_t rle_bytes_encode(const uint8_t* src, size_t size, uint8_t* dst, size_t dst_capacity) {
  ScalarByteRunFinder finder{src, size};
  return rle_encode_walk(finder, src, size, dst, dst_capacity);
}
}  // namespace scalar

size_t rle_bytes_decode(const uint8_t* src, size_t src_size, uint8_t* dst, size_t dst_size) {
  const uint8_t* p = src;
  const uint8_t* const end = src + src_size;
  size_t out = 0;
  while (out < dst_size) {
    CDMA_RETURN_ERROR_IF(p == end, corruption_detected);
    const unsigned token = *p++;
    uint64_t lit_len = 0, run_code = 0;
    CDMA_RETURN_ERROR_IF(!read_code(token >> 4, p, end, lit_len), corruption_detected);
    CDMA_RETURN_ERROR_IF(lit_len > dst_size - out, corruption_detected);
    // A token whose literals complete the output has no run: Rc = 0, and
    // neither a varint nor a value byte follows.
    const bool has_run = lit_len < dst_size - out;
    if (has_run) {
      CDMA_RETURN_ERROR_IF(!read_code(token & 15, p, end, run_code), corruption_detected);
    } else {
      CDMA_RETURN_ERROR_IF((token & 15) != 0, corruption_detected);
    }
    CDMA_RETURN_ERROR_IF(lit_len > static_cast<size_t>(end - p), corruption_detected);
    std::memcpy(dst + out, p, lit_len);
    p += lit_len;
    out += lit_len;
    if (!has_run) break;
    const size_t room = dst_size - out;
    CDMA_RETURN_ERROR_IF(room < kRleMinRun || run_code > room - kRleMinRun, corruption_detected);
    CDMA_RETURN_ERROR_IF(p == end, corruption_detected);
    const size_t run_len = run_code + kRleMinRun;
    std::memset(dst + out, *p++, run_len);
    out += run_len;
  }
  CDMA_RETURN_ERROR_IF(p != end, corruption_detected);
  return dst_size;
}

}  // namespace cdma::runs

#include "codecs/ext/repeat_screen.hpp"

#include "common/endian.hpp"
#include "common/popcount.hpp"

namespace cdma::ext {

namespace {

constexpr size_t kSlices = 16;
constexpr size_t kSliceBytes = 64;

// Bytes of p[0, len) equal to the byte 4 before (p[-4] must be readable),
// eight at a time; a shorter tail is compared byte by byte.
size_t count_repeat4(const uint8_t* p, size_t len) {
  constexpr uint64_t kLow7 = 0x7f7f7f7f7f7f7f7fULL;
  size_t same = 0, i = 0;
  for (; i + 8 <= len; i += 8) {
    const uint64_t t = load_le64(p + i) ^ load_le64(p + i - 4);
    // 0x80 in exactly the bytes of t that are zero (no carries between
    // bytes), then counted.
    same += popcount64(~(((t & kLow7) + kLow7) | t | kLow7));
  }
  for (; i < len; ++i) same += p[i] == p[i - 4];
  return same;
}

}  // namespace

double repeat4_fraction(const uint8_t* src, size_t n) {
  if (n <= 4) return 0;
  if (n <= kSlices * kSliceBytes) return static_cast<double>(count_repeat4(src + 4, n - 4)) / static_cast<double>(n - 4);
  const size_t stride = (n - 4 - kSliceBytes) / (kSlices - 1);
  size_t same = 0;
  for (size_t s = 0; s < kSlices; ++s) same += count_repeat4(src + 4 + s * stride, kSliceBytes);
  return static_cast<double>(same) / static_cast<double>(kSlices * kSliceBytes);
}

}  // namespace cdma::ext

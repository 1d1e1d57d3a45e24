// A cheap look at a stream before coding it: order-0 coding cannot pay on a
// stream whose bytes are close to uniform (the low mantissa bytes of
// floats), and finding that out from a full histogram, Shannon bound and
// table estimate costs about as much as the time the pipeline then saves.
//
// The screen counts a sample spread over the stream and estimates the
// collision entropy H2 = -log2(sum p_s^2) with the unbiased estimator
// sum c(c-1) / (m(m-1)). Since H2 <= H (Shannon), H2 >= skip_bits bits
// means order-0 coding can save at most (8 - skip_bits) / 8 of the stream,
// less its table (at the default 7.8 bits: 2.5%, most of it eaten by a
// table of ~200 symbols).
#include <cmath>
#include <cstring>

#include "codecs/entropy/entropy.hpp"

namespace cdma::entropy {

namespace {

constexpr size_t kChunks = 32;       // places the sample is taken from
constexpr size_t kChunkBytes = 32;   // contiguous bytes at each place

}  // namespace

bool looks_incompressible(const uint8_t* src, size_t n, double skip_bits) {
  constexpr size_t kSample = kChunks * kChunkBytes;
  if (n < 4096) return false;  // small streams: the full histogram is cheap
  uint32_t count[256];
  std::memset(count, 0, sizeof(count));
  const size_t stride = (n - kChunkBytes) / (kChunks - 1);
  for (size_t c = 0; c < kChunks; ++c) {
    const uint8_t* p = src + c * stride;
    for (size_t i = 0; i < kChunkBytes; ++i) ++count[p[i]];
  }
  uint64_t pairs = 0;
  for (unsigned s = 0; s < 256; ++s) pairs += uint64_t{count[s]} * (count[s] - (count[s] != 0));
  if (pairs == 0) return true;  // every sampled byte distinct: as uniform as 1 KiB can show
  const double collision = static_cast<double>(pairs) / (static_cast<double>(kSample) * (kSample - 1));
  return -std::log2(collision) >= skip_bits;
}

}  // namespace cdma::entropy

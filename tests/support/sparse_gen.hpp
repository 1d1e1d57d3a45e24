// Deterministic sparse test data: a given density of nonzero elements, laid
// out at random or in runs (like dead channels and padded borders).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

namespace cdma::test {

enum class Layout { kRandom, kClustered };

// `bytes` bytes of elements of `width` bytes; each element is nonzero with
// probability `density`. Nonzero elements get random bits with at least one
// bit set; clustered layout places nonzeros in runs of 1..256 elements.
inline std::vector<uint8_t> sparse_bytes(size_t bytes, unsigned width, double density,
                                         Layout layout, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<uint8_t> out(bytes, 0);
  std::uniform_real_distribution<double> coin(0.0, 1.0);
  std::uniform_int_distribution<int> run_len(1, 256);
  const size_t n = bytes / width;
  bool nonzero = false;
  int run_left = 0;
  for (size_t i = 0; i < n; ++i) {
    if (layout == Layout::kRandom) {
      nonzero = coin(rng) < density;
    } else if (run_left-- <= 0) {
      nonzero = coin(rng) < density;
      run_left = run_len(rng);
    }
    if (!nonzero) continue;
    for (unsigned b = 0; b < width; ++b) out[i * width + b] = static_cast<uint8_t>(rng());
    if (std::memcmp(&out[i * width], std::vector<uint8_t>(width, 0).data(), width) == 0)
      out[i * width + rng() % width] = 1;
  }
  for (size_t i = n * width; i < bytes; ++i) out[i] = static_cast<uint8_t>(rng());
  return out;
}

// Counts elements with any nonzero bit.
inline size_t count_nonzero(const uint8_t* p, size_t bytes, unsigned width) {
  size_t nnz = 0;
  for (size_t i = 0; i + width <= bytes; i += width) {
    uint8_t any = 0;
    for (unsigned b = 0; b < width; ++b) any |= p[i + b];
    nnz += any != 0;
  }
  return nnz;
}

}  // namespace cdma::test

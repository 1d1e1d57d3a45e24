// Every XXH3 build the CPU can run (common/xxh3_isa.hpp) gives libxxhash's
// own XXH3_64bits, one-shot and streamed in uneven pieces: frames written on
// one CPU must verify on any other. (Which build runs under which cap:
// dispatch_test.cpp.)
#define XXH_STATIC_LINKING_ONLY  // sizeof(XXH3_state_t)
#include <xxhash.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "common/checksum.hpp"
#include "common/xxh3_isa.hpp"
#include "simd/dispatch.hpp"

namespace {

std::vector<const cdma::xxh3::Functions*> runnable_builds() {
  std::vector<const cdma::xxh3::Functions*> builds = {&cdma::xxh3::portable};
#if CDMA_XXH3_X86
  if (cdma::simd::enabled(cdma::simd::Kernel::kXxh3Avx2)) builds.push_back(&cdma::xxh3::avx2);
  if (cdma::simd::enabled(cdma::simd::Kernel::kXxh3Avx512)) builds.push_back(&cdma::xxh3::avx512);
#endif
  return builds;
}

}  // namespace

TEST_CASE("every XXH3 build matches libxxhash, one-shot and streamed", "[checksum]") {
  std::mt19937 rng(7);
  std::vector<uint8_t> data(70000);
  for (auto& b : data) b = static_cast<uint8_t>(rng());
  // Lengths around XXH3's internal boundaries (16, 128, 240, stripes of 64,
  // blocks of 1024, its 256-byte internal buffer) and a large one.
  const size_t lengths[] = {0, 1, 3, 4, 8, 9, 16, 17, 128, 129, 240, 241, 255, 256, 257,
                            1023, 1024, 1025, 4096, 65536, 70000};
  for (const auto* f : runnable_builds()) {
    for (size_t n : lengths) {
      const uint64_t expected = XXH3_64bits(data.data(), n);
      CHECK(f->hash(data.data(), n) == expected);
      cdma::Xxh3Stream whole;  // the dispatched build, through the class
      whole.update(data.data(), n);
      CHECK(whole.digest() == expected);

      alignas(64) unsigned char state[sizeof(XXH3_state_t)];
      f->reset(state);
      size_t at = 0, piece = 1;
      while (at < n) {
        const size_t take = std::min(piece, n - at);
        f->update(state, data.data() + at, take);
        at += take;
        piece = piece * 3 + 1;  // 1, 4, 13, 40, ...: crosses every boundary unevenly
      }
      CHECK(f->digest(state) == expected);
    }
  }
}

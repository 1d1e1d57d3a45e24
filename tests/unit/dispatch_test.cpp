// The one SIMD dispatch (simd/dispatch.hpp): the cap chooses Highway's
// target and every hand-written kernel together, tests visit every level
// the CPU has, and the checksum builds follow the cap.
#include <hwy/targets.h>

#include <algorithm>
#include <cstdlib>
#include <catch2/catch.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "codecs/entropy/rans_encode_vbmi.hpp"
#include "codecs/zvc/zvc_avx512.hpp"
#include "common/xxh3_isa.hpp"
#include "simd/dispatch.hpp"
#include "simd/env_cap.hpp"
#include "support/each_target.hpp"

namespace simd = cdma::simd;
using simd::Kernel;

namespace {

// Caps the dispatch for one test and restores the cap in force before.
struct ScopedCap {
  int64_t before = simd::target_cap();
  // nullptr: no cap.
  explicit ScopedCap(const char* name) {
    if (name == nullptr) simd::set_target_cap(0);
    else REQUIRE(simd::cap_target(name));
  }
  ~ScopedCap() { simd::set_target_cap(before); }
};

// Whether this CPU has `target`, whatever the cap.
bool cpu_has(int64_t target) {
  const int64_t before = simd::target_cap();
  simd::set_target_cap(0);
  const bool has = (simd::allowed_targets() & target) != 0;
  simd::set_target_cap(before);
  return has;
}

// The worst target Highway compiled: every CPU runs it.
std::string worst_compiled() {
  int bit = 62;
  while (!(HWY_TARGETS & (int64_t{1} << bit))) --bit;
  return hwy::TargetName(int64_t{1} << bit);
}

// Whether the report of what runs names `kernel`.
bool summary_names(const char* kernel) {
  std::istringstream words(simd::dispatch_summary());
  for (std::string w; words >> w;)
    if (w == kernel) return true;
  return false;
}

}  // namespace

TEST_CASE("a cap at AVX2 turns every AVX-512 kernel off, hand-written ones included", "[dispatch]") {
  if (!cpu_has(HWY_AVX2)) {
    WARN("this CPU has no AVX2: not tested here");
    return;
  }
  ScopedCap cap("avx2");
  CHECK(std::string(simd::dispatched_target_name()) == "AVX2");
  for (const Kernel k : {Kernel::kXxh3Avx512, Kernel::kZvcAvx512, Kernel::kZvcAvx512Vbmi2, Kernel::kRansVbmi}) {
    INFO(simd::kernel_name(k));
    CHECK(!simd::enabled(k));
    CHECK(!summary_names(simd::kernel_name(k)));
  }
  // What the kernels themselves ask.
  for (unsigned width : {1u, 2u, 4u, 8u}) CHECK(!cdma::zvc::avx512::supported(width));
  CHECK(!cdma::entropy::vbmi::supported());
  CHECK(&cdma::xxh3::best() == &cdma::xxh3::avx2);
  CHECK(simd::enabled(Kernel::kXxh3Avx2));
  CHECK(simd::dispatch_summary() == "AVX2 + xxh3-avx2");
}

TEST_CASE("a cap at AVX3 keeps AVX-512 but not the VBMI kernels", "[dispatch]") {
  if (!cpu_has(HWY_AVX3)) {
    WARN("this CPU has no AVX-512: not tested here");
    return;
  }
  ScopedCap cap("avx3");
  CHECK(std::string(simd::dispatched_target_name()) == "AVX3");
  CHECK(cdma::zvc::avx512::supported(4));
  CHECK(cdma::zvc::avx512::supported(8));
  CHECK(!cdma::zvc::avx512::supported(1));
  CHECK(!cdma::zvc::avx512::supported(2));
  CHECK(!cdma::entropy::vbmi::supported());
  CHECK(&cdma::xxh3::best() == &cdma::xxh3::avx512);
  CHECK(simd::dispatch_summary() == "AVX3 + xxh3-avx512 zvc-avx512");
}

TEST_CASE("uncapped, a CPU with AVX3_DL runs every hand-written kernel", "[dispatch]") {
  if (!cpu_has(HWY_AVX3_DL)) {
    WARN("this CPU has no AVX-512 VBMI/VBMI2 (AVX3_DL): not tested here");
    return;
  }
  ScopedCap uncapped(nullptr);
  for (unsigned k = 0; k < simd::kKernelCount; ++k) {
    INFO(simd::kernel_name(static_cast<Kernel>(k)));
    CHECK(simd::enabled(static_cast<Kernel>(k)));
  }
  CHECK(simd::dispatch_summary() == "AVX3 + xxh3-avx512 zvc-avx512 zvc-avx512-vbmi2 rans-vbmi");
  CHECK(cdma::zvc::avx512::supported(1));
  CHECK(cdma::entropy::vbmi::supported());
}

TEST_CASE("tests visit every level: each compiled target and each hand-written kernel's", "[dispatch]") {
  std::vector<std::string> levels, dispatched;
  cdma::test::for_each_target([&](const char* level) {
    levels.emplace_back(level);
    dispatched.emplace_back(simd::dispatched_target_name());
    // Highway runs the level itself where it compiled it, else the best
    // compiled target below (AVX3 for AVX3_DL in Highway 1.0.3).
    const int64_t cap = simd::target_cap();
    if (cap & HWY_TARGETS) CHECK(dispatched.back() == level);
  });
  REQUIRE(!levels.empty());
  CHECK(levels.back() == worst_compiled());
  if (cpu_has(HWY_AVX3_DL) && simd::target_cap() == 0) {
    CHECK(levels.front() == "AVX3_DL");
    CHECK(dispatched.front() == "AVX3");
  }
  if (cpu_has(HWY_AVX2) && (simd::target_cap() == 0 || simd::target_cap() <= HWY_AVX2)) {
    CHECK(std::find(levels.begin(), levels.end(), "AVX2") != levels.end());
    CHECK(std::find(levels.begin(), levels.end(), "SSE4") != levels.end());
  }
}

TEST_CASE("for_each_target restores the cap in force", "[dispatch]") {
  ScopedCap cap("sse4");
  const int64_t allowed = simd::allowed_targets();
  // Only levels at or below the cap in force are visited.
  cdma::test::for_each_target([](const char*) { CHECK(simd::target_cap() >= HWY_SSE4); });
  CHECK(simd::target_cap() == HWY_SSE4);
  CHECK(simd::allowed_targets() == allowed);
}

TEST_CASE("XXH3 runs the build its level allows", "[dispatch][checksum]") {
  cdma::test::for_each_target([](const char*) {
    const cdma::xxh3::Functions* want = &cdma::xxh3::portable;
#if CDMA_XXH3_X86
    if (simd::allowed_targets() & HWY_AVX3) want = &cdma::xxh3::avx512;
    else if (simd::allowed_targets() & HWY_AVX2) want = &cdma::xxh3::avx2;
#endif
    CHECK(&cdma::xxh3::best() == want);
  });
}

TEST_CASE("an unknown target name caps nothing", "[dispatch]") {
  const int64_t before = simd::target_cap(), allowed = simd::allowed_targets();
  CHECK(!simd::cap_target("avx9"));
  CHECK(!simd::cap_target("unknown"));
  CHECK(simd::target_cap() == before);
  CHECK(simd::allowed_targets() == allowed);
}

// ctest runs this once more with CDMA_MAX_TARGET=sse4 (dispatch_env_cap).
TEST_CASE("CDMA_MAX_TARGET is in force from the first kernel on", "[dispatch][env_cap]") {
  // Alone in its process (ctest), this is the first dispatch of any kind.
  const std::string first = simd::dispatched_target_name();
  const char* env = std::getenv("CDMA_MAX_TARGET");
  const int64_t want = env != nullptr ? simd::target_named(env) : 0;
  if (want & HWY_TARGETS & simd::allowed_targets()) CHECK(first == hwy::TargetName(want));
  CHECK(simd::target_cap() == want);
  if (want != 0) CHECK((simd::allowed_targets() & (want - 1)) == 0);
}

// ZVC codec: round trips, the payload-size formula, special floats, and
// byte-identical output from the scalar reference and every SIMD target.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include <catch2/catch.hpp>

#include "codecs/zvc/zvc.hpp"
#include "common/error.hpp"
#include "support/each_target.hpp"
#include "support/sparse_gen.hpp"

using cdma::test::Layout;
using cdma::test::sparse_bytes;

namespace {

size_t formula_size(const std::vector<uint8_t>& src, unsigned width) {
  const size_t n = src.size() / width;
  return cdma::zvc::mask_bytes(n) + cdma::test::count_nonzero(src.data(), src.size(), width) * width +
         src.size() % width;
}

// Encodes with scalar and dispatched code at an odd offset (so nothing is
// aligned), checks both agree with each other and with the formula, and that
// both decoders restore the input.
void check_round_trip(const std::vector<uint8_t>& src, unsigned width) {
  const size_t cap = src.size() + src.size() / 8 + 16;
  std::vector<uint8_t> ref(cap), simd_buf(cap + 1);
  uint8_t* simd_out = simd_buf.data() + 1;
  const size_t ref_size = cdma::zvc::scalar::encode(src.data(), src.size(), width, ref.data(), cap);
  const size_t simd_size = cdma::zvc::encode(src.data(), src.size(), width, simd_out, cap);
  REQUIRE(ref_size == formula_size(src, width));
  REQUIRE(simd_size == ref_size);
  REQUIRE(std::memcmp(ref.data(), simd_out, ref_size) == 0);

  std::vector<uint8_t> back(src.size() + 1, 0xAA);
  REQUIRE(cdma::zvc::decode(simd_out, simd_size, width, back.data() + 1, src.size()) == src.size());
  REQUIRE((src.empty() || std::memcmp(back.data() + 1, src.data(), src.size()) == 0));  // no null to memcmp
  std::vector<uint8_t> back_ref(src.size());
  REQUIRE(cdma::zvc::scalar::decode(ref.data(), ref_size, width, back_ref.data(), src.size()) ==
          src.size());
  REQUIRE(back_ref == src);
}

}  // namespace

TEST_CASE("ZVC round trips every width, density and layout on every target", "[zvc]") {
  const unsigned width = GENERATE(1u, 2u, 4u, 8u);
  const double density = GENERATE(0.0, 0.001, 0.01, 0.1, 0.5, 0.9, 0.99, 1.0);
  const Layout layout = GENERATE(Layout::kRandom, Layout::kClustered);
  const auto src = sparse_bytes(64 * 1024 + 3, width, density, layout, 42 + width);
  cdma::test::for_each_target([&](const char*) { check_round_trip(src, width); });
}

TEST_CASE("ZVC handles every length around group and vector boundaries", "[zvc]") {
  const unsigned width = GENERATE(1u, 2u, 4u, 8u);
  cdma::test::for_each_target([&](const char*) {
    for (size_t len = 0; len <= 8 * 64 + 9; ++len) {
      INFO("length " << len);
      check_round_trip(sparse_bytes(len, width, 0.5, Layout::kRandom, len), width);
      check_round_trip(sparse_bytes(len, width, 1.0, Layout::kRandom, len + 1), width);
    }
  });
}

// Blocks of 64 KiB and more decode through streaming stores, which need
// aligned addresses: the kernels reach an aligned position first (or
// store normally), at every 16-byte offset within a cache line.
TEST_CASE("ZVC decodes large blocks at every 16-byte alignment on every target", "[zvc]") {
  const unsigned width = GENERATE(1u, 2u, 4u, 8u);
  const auto src = sparse_bytes(96 * 1024 + width * 5, width, 0.6, Layout::kClustered, 7 + width);
  std::vector<uint8_t> enc(src.size() + src.size() / 8 + 16);
  const size_t n = cdma::zvc::scalar::encode(src.data(), src.size(), width, enc.data(), enc.size());
  REQUIRE(n != cdma::zvc::kNoFit);
  std::vector<uint8_t> buf(src.size() + 128);
  uint8_t* const line = buf.data() + (64 - reinterpret_cast<uintptr_t>(buf.data()) % 64) % 64;
  cdma::test::for_each_target([&](const char*) {
    for (size_t offset : {0, 16, 32, 48}) {
      INFO("offset " << offset);
      std::fill(buf.begin(), buf.end(), 0xAA);
      REQUIRE(cdma::zvc::decode(enc.data(), n, width, line + offset, src.size()) == src.size());
      REQUIRE(std::memcmp(line + offset, src.data(), src.size()) == 0);
      REQUIRE(std::all_of(buf.begin(), buf.begin() + (line + offset - buf.data()), [](uint8_t b) { return b == 0xAA; }));
      REQUIRE(std::all_of(buf.begin() + (line + offset - buf.data()) + static_cast<long>(src.size()), buf.end(),
                          [](uint8_t b) { return b == 0xAA; }));
    }
  });
}

TEST_CASE("ZVC keeps -0.0, NaN payloads, infinities and denormals bit-exact", "[zvc]") {
  std::vector<float> f = {0.0f, -0.0f, std::numeric_limits<float>::denorm_min(),
                          std::numeric_limits<float>::infinity(), 0.0f,
                          -std::numeric_limits<float>::infinity(), 1.0f, 0.0f};
  uint32_t nan_bits = 0x7FC01234u;  // quiet NaN with a payload
  float nan;
  std::memcpy(&nan, &nan_bits, 4);
  f.push_back(nan);
  uint32_t snan_bits = 0xFF800001u;  // negative signalling NaN
  std::memcpy(&nan, &snan_bits, 4);
  f.push_back(nan);
  std::vector<uint8_t> bytes(f.size() * 4);
  std::memcpy(bytes.data(), f.data(), bytes.size());
  // Repeat to cover full SIMD groups as well as the scalar tail.
  std::vector<uint8_t> src;
  for (int i = 0; i < 40; ++i) src.insert(src.end(), bytes.begin(), bytes.end());
  cdma::test::for_each_target([&](const char*) { check_round_trip(src, 4); });

  // -0.0 in every width: only the sign bit set.
  for (unsigned width : {2u, 8u}) {
    std::vector<uint8_t> s(width * 100, 0);
    for (size_t i = 0; i < 100; i += 3) s[i * width + width - 1] = 0x80;
    check_round_trip(s, width);
    REQUIRE(formula_size(s, width) == cdma::zvc::mask_bytes(100) + 34 * width);
  }
}

TEST_CASE("ZVC reports kNoFit instead of writing past the capacity", "[zvc]") {
  const unsigned width = GENERATE(1u, 2u, 4u, 8u);
  const auto src = sparse_bytes(4096 + 5, width, 0.7, Layout::kRandom, 7);
  const size_t need = formula_size(src, width);
  cdma::test::for_each_target([&](const char*) {
    for (size_t cap : {size_t{0}, size_t{3}, need / 2, need - 1}) {
      std::vector<uint8_t> dst(cap + 64, 0xEE);
      REQUIRE(cdma::zvc::encode(src.data(), src.size(), width, dst.data(), cap) == cdma::zvc::kNoFit);
      for (size_t i = cap; i < dst.size(); ++i) REQUIRE(dst[i] == 0xEE);
    }
    std::vector<uint8_t> dst(need);
    REQUIRE(cdma::zvc::encode(src.data(), src.size(), width, dst.data(), need) == need);
  });
}

TEST_CASE("ZVC decoder rejects inconsistent payloads", "[zvc]") {
  const unsigned width = GENERATE(1u, 2u, 4u, 8u);
  const auto src = sparse_bytes(1000 * width + 1, width, 0.3, Layout::kRandom, 9);
  std::vector<uint8_t> enc(src.size() * 2);
  const size_t n = cdma::zvc::encode(src.data(), src.size(), width, enc.data(), enc.size());
  std::vector<uint8_t> out(src.size());
  // Wrong payload sizes.
  REQUIRE(cdma::is_error(cdma::zvc::decode(enc.data(), n - 1, width, out.data(), out.size())));
  REQUIRE(cdma::is_error(cdma::zvc::decode(enc.data(), n + 1, width, out.data(), out.size())));
  // Extra mask bit: the values no longer add up.
  bool flipped = false;
  for (size_t i = 0; i < 8 && !flipped; ++i)
    for (unsigned b = 0; b < 8 && !flipped; ++b)
      if (!(enc[i] & (1u << b))) enc[i] |= static_cast<uint8_t>(1u << b), flipped = true;
  REQUIRE(flipped);
  REQUIRE(cdma::error_code(cdma::zvc::decode(enc.data(), n, width, out.data(), out.size())) ==
          CDMA_ERROR_corruption_detected);
  // Unused bits of the last mask byte must be zero (1000 elements: 1000 % 8 == 0
  // is not a partial byte, so use 1001 elements).
  const auto odd = sparse_bytes(1001 * width, width, 0.0, Layout::kRandom, 1);
  std::vector<uint8_t> e2(odd.size() + 64);
  const size_t n2 = cdma::zvc::encode(odd.data(), odd.size(), width, e2.data(), e2.size());
  REQUIRE(n2 == cdma::zvc::mask_bytes(1001));
  e2[n2 - 1] |= 0x80;
  std::vector<uint8_t> o2(odd.size());
  REQUIRE(cdma::is_error(cdma::zvc::decode(e2.data(), n2, width, o2.data(), o2.size())));
}

// Byte-plane split and join: the definition on a pinned example, every
// target against the scalar reference for every count around vector
// boundaries, unaligned pointers, and join(split(x)) == x.
#include "codecs/byteplane/byteplane.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstring>
#include <random>
#include <vector>

#include "support/each_target.hpp"

using Bytes = std::vector<uint8_t>;

namespace {

Bytes random_bytes(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  Bytes out(n);
  for (auto& b : out) b = static_cast<uint8_t>(rng());
  return out;
}

// Planes at `offset` past 64-byte-aligned-ish storage, with a guard byte
// after each plane to catch writes past `count`.
struct Planes {
  std::vector<Bytes> storage;
  std::vector<uint8_t*> ptr;
  size_t offset, count;
  Planes(unsigned width, size_t n, size_t off) : offset(off), count(n) {
    for (unsigned k = 0; k < width; ++k) storage.emplace_back(n + off + 1, 0xEE);
    for (auto& s : storage) ptr.push_back(s.data() + off);
  }
  Bytes plane(unsigned k) const {
    return Bytes(storage[k].begin() + static_cast<ptrdiff_t>(offset),
                 storage[k].begin() + static_cast<ptrdiff_t>(offset + count));
  }
  bool guards_intact() const {
    for (const auto& s : storage)
      if (s.back() != 0xEE) return false;
    return true;
  }
};

void check(const Bytes& src, size_t count, unsigned width, size_t offset) {
  Planes ref(width, count, 0), simd(width, count, offset);
  cdma::byteplane::scalar::split(src.data(), count, width, ref.ptr.data());
  cdma::byteplane::split(src.data(), count, width, simd.ptr.data());
  REQUIRE(simd.guards_intact());
  for (unsigned k = 0; k < width; ++k) REQUIRE(simd.plane(k) == ref.plane(k));

  Bytes back(count * width + offset + 1, 0xEE);
  cdma::byteplane::join(simd.ptr.data(), count, width, back.data() + offset);
  REQUIRE(back.back() == 0xEE);
  REQUIRE(std::equal(back.begin() + static_cast<ptrdiff_t>(offset), back.end() - 1, src.begin()));
  Bytes back_ref(count * width);
  cdma::byteplane::scalar::join(ref.ptr.data(), count, width, back_ref.data());
  REQUIRE(std::equal(back_ref.begin(), back_ref.end(), src.begin()));
}

}  // namespace

TEST_CASE("Byte planes hold byte k of every element", "[byteplane]") {
  const Bytes src = {0x10, 0x11, 0x12, 0x13, 0x20, 0x21, 0x22, 0x23, 0x30, 0x31, 0x32, 0x33};
  Planes p(4, 3, 0);
  cdma::byteplane::split(src.data(), 3, 4, p.ptr.data());
  REQUIRE(p.plane(0) == (Bytes{0x10, 0x20, 0x30}));
  REQUIRE(p.plane(3) == (Bytes{0x13, 0x23, 0x33}));
  Planes q(2, 6, 0);
  cdma::byteplane::split(src.data(), 6, 2, q.ptr.data());
  REQUIRE(q.plane(0) == (Bytes{0x10, 0x12, 0x20, 0x22, 0x30, 0x32}));
  REQUIRE(q.plane(1) == (Bytes{0x11, 0x13, 0x21, 0x23, 0x31, 0x33}));
}

TEST_CASE("Byte planes of every target match the reference at every count", "[byteplane]") {
  const unsigned width = GENERATE(1u, 2u, 4u, 8u);
  const Bytes src = random_bytes(700 * 8, width);
  cdma::test::for_each_target([&](const char*) {
    for (size_t count = 0; count <= 600; ++count) {
      INFO("count " << count);
      check(src, count, width, count % 8);
    }
  });
}

TEST_CASE("Byte planes round trip large unaligned buffers", "[byteplane]") {
  const unsigned width = GENERATE(1u, 2u, 4u, 8u);
  const size_t count = 100003;
  const Bytes padded = random_bytes(count * width + 7, 77);
  cdma::test::for_each_target([&](const char*) {
    for (size_t src_off : {0, 1, 3}) {
      const Bytes src(padded.begin() + static_cast<ptrdiff_t>(src_off), padded.end());
      for (size_t off : {0, 5}) check(src, count, width, off);
    }
  });
}

TEST_CASE("Byte planes can be laid out in one buffer", "[byteplane]") {
  const size_t count = 1000;
  const Bytes src = random_bytes(count * 8, 3);
  Bytes all(count * 8);
  uint8_t* planes[8];
  for (unsigned k = 0; k < 8; ++k) planes[k] = all.data() + k * count;
  cdma::byteplane::split(src.data(), count, 8, planes);
  for (size_t i = 0; i < count; ++i) REQUIRE(all[7 * count + i] == src[i * 8 + 7]);
  Bytes back(src.size());
  cdma::byteplane::join(planes, count, 8, back.data());
  REQUIRE(back == src);
}

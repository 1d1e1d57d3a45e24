// lib/baselines: the general-purpose libraries as every tool runs them. The
// bytes must be the libraries' own one-shot output (called here directly),
// kept contexts must not change them, and every failure must throw.
#include <lz4.h>
#define ZSTD_STATIC_LINKING_ONLY  // ZSTD_getFrameHeader
#include <zstd.h>

#include <catch2/catch.hpp>
#include <climits>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "baselines/baselines.hpp"

namespace {

namespace bl = cdma::baselines;

// Sparse, compressible bytes: a ReLU-like float tensor.
std::vector<uint8_t> sample(size_t floats) {
  std::vector<uint8_t> v(floats * 4, 0);
  for (size_t i = 0; i < floats; i += 3) {
    const uint32_t bits = 0x3f800000u + static_cast<uint32_t>(i * 2654435761u % 4096);
    for (int b = 0; b < 4; ++b) v[i * 4 + b] = static_cast<uint8_t>(bits >> (8 * b));
  }
  return v;
}

std::vector<uint8_t> compressed(const bl::Codec& c, const std::vector<uint8_t>& in,
                                bl::Contexts* contexts = nullptr) {
  std::vector<uint8_t> out(bl::compress_bound(c.library, in.size()));
  out.resize(bl::compress(c, in.data(), in.size(), out.data(), out.size(), contexts));
  return out;
}

const bl::Codec kAll[] = {{bl::Library::lz4},       {bl::Library::lz4hc, 9}, {bl::Library::zstd, 1},
                          {bl::Library::zstd, 19},  {bl::Library::zstd, 3, true}, {bl::Library::zlib, 6}};

}  // namespace

TEST_CASE("baselines: every library round-trips, empty input too", "[baselines]") {
  for (const size_t floats : {size_t{0}, size_t{1}, size_t{50000}}) {
    const auto in = sample(floats);
    for (const bl::Codec& c : kAll) {
      const auto z = compressed(c, in);
      std::vector<uint8_t> back(in.size() + 1);
      CHECK(bl::decompress(c.library, z.data(), z.size(), back.data(), back.size()) == in.size());
      back.resize(in.size());
      CHECK(back == in);
    }
  }
}

TEST_CASE("baselines: the bytes are the libraries' own one-shot calls", "[baselines]") {
  const auto in = sample(50000);
  std::vector<uint8_t> z(ZSTD_compressBound(in.size()));
  for (const int level : {1, 19})
    CHECK(compressed({bl::Library::zstd, level}, in) ==
          std::vector<uint8_t>(z.begin(), z.begin() + ZSTD_compress(z.data(), z.size(), in.data(),
                                                                    in.size(), level)));
  std::vector<char> l(static_cast<size_t>(LZ4_compressBound(static_cast<int>(in.size()))));
  const int n = LZ4_compress_default(reinterpret_cast<const char*>(in.data()), l.data(),
                                     static_cast<int>(in.size()), static_cast<int>(l.size()));
  CHECK(compressed({bl::Library::lz4}, in) == std::vector<uint8_t>(l.begin(), l.begin() + n));
}

TEST_CASE("baselines: kept contexts write the same bytes as fresh ones", "[baselines]") {
  bl::Contexts contexts;
  for (const size_t floats : {size_t{50000}, size_t{7}, size_t{50000}}) {
    const auto in = sample(floats);
    for (const bl::Codec& c : kAll) {
      const auto z = compressed(c, in, &contexts);
      CHECK(z == compressed(c, in));
      std::vector<uint8_t> back(in.size());
      CHECK(bl::decompress(c.library, z.data(), z.size(), back.data(), back.size(), &contexts) == in.size());
      CHECK(back == in);
    }
  }
}

TEST_CASE("baselines: zstd's checksum is written only when asked for", "[baselines]") {
  const auto in = sample(1000);
  for (const bool checksum : {false, true}) {
    const auto z = compressed({bl::Library::zstd, 3, checksum}, in);
    ZSTD_frameHeader h{};
    REQUIRE(ZSTD_getFrameHeader(&h, z.data(), z.size()) == 0);
    CHECK(h.checksumFlag == (checksum ? 1u : 0u));
  }
}

TEST_CASE("baselines: failures throw, naming the library", "[baselines]") {
  const auto in = sample(50000);
  for (const bl::Codec& c : kAll) {
    auto z = compressed(c, in);
    std::vector<uint8_t> small(16);
    CHECK_THROWS_AS(bl::compress(c, in.data(), in.size(), small.data(), small.size()), std::runtime_error);
    // A truncated stream, and one too large for the room given.
    std::vector<uint8_t> back(in.size());
    CHECK_THROWS_AS(bl::decompress(c.library, z.data(), z.size() / 2, back.data(), back.size()),
                    std::runtime_error);
    CHECK_THROWS_AS(bl::decompress(c.library, z.data(), z.size(), back.data(), back.size() - 1),
                    std::runtime_error);
  }
  CHECK_THROWS_WITH(bl::compress_bound(bl::Library::lz4, size_t{INT_MAX} + 1), "lz4: input over 2 GiB");
  CHECK(bl::max_input(bl::Library::lz4) == size_t{LZ4_MAX_INPUT_SIZE});
  CHECK(bl::max_input(bl::Library::zstd) == SIZE_MAX);
}

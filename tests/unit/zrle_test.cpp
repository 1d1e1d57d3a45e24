// Zero-RLE, run statistics and byte RLE: pinned payload bytes, round trips
// on every target, byte-identical output of the scalar reference and every
// SIMD target, exact capacity handling, and corrupt payloads that must be
// rejected (never read or written out of bounds: run under ASan to check).
#include "codecs/zrle/zrle.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstring>
#include <random>
#include <vector>

#include "codecs/runs/rle_bytes.hpp"
#include "codecs/runs/run_stats.hpp"
#include "common/error.hpp"
#include "support/each_target.hpp"
#include "support/sparse_gen.hpp"

using cdma::test::Layout;
using cdma::test::sparse_bytes;
using Bytes = std::vector<uint8_t>;

namespace {

// Encodes with the reference and the dispatched target (output one byte
// past an aligned address), requires identical bytes and the exact
// encoded_size(), and decodes with both decoders into exact-size buffers.
// Returns the payload.
Bytes zrle_round_trip(const Bytes& src, unsigned width) {
  const size_t cap = cdma::zrle::bound(src.size(), width);
  Bytes ref(cap), simd_buf(cap + 1);
  uint8_t* simd = simd_buf.data() + 1;
  const size_t ref_size =
      cdma::zrle::scalar::encode(src.data(), src.size(), width, ref.data(), cap);
  const size_t simd_size = cdma::zrle::encode(src.data(), src.size(), width, simd, cap);
  REQUIRE(ref_size != cdma::zrle::kNoFit);
  REQUIRE(simd_size == ref_size);
  REQUIRE(std::memcmp(ref.data(), simd, ref_size) == 0);
  REQUIRE(cdma::zrle::encoded_size(src.data(), src.size(), width) == ref_size);
  REQUIRE(cdma::zrle::scalar::encoded_size(src.data(), src.size(), width) == ref_size);
  ref.resize(ref_size);

  Bytes back(src.size() + 1, 0xAA);
  REQUIRE(cdma::zrle::decode(simd, simd_size, width, back.data() + 1, src.size()) == src.size());
  REQUIRE(std::equal(src.begin(), src.end(), back.begin() + 1));
  Bytes back_ref(src.size(), 0xAA);
  REQUIRE(cdma::zrle::scalar::decode(ref.data(), ref.size(), width, back_ref.data(), src.size()) ==
          src.size());
  REQUIRE(back_ref == src);
  return ref;
}

// Elements of `width` bytes from a 0/1 pattern; nonzero elements get the
// low byte 1..255 so that every width sees the same runs.
Bytes from_pattern(const std::vector<int>& nonzero, unsigned width) {
  Bytes out(nonzero.size() * width, 0);
  for (size_t i = 0; i < nonzero.size(); ++i)
    if (nonzero[i]) out[i * width + (i % width)] = static_cast<uint8_t>(1 + i % 255);
  return out;
}

// Runs of the given lengths, alternating zero and nonzero, starting with zeros.
Bytes alternating_runs(const std::vector<size_t>& lengths, unsigned width) {
  std::vector<int> pattern;
  for (size_t r = 0; r < lengths.size(); ++r) pattern.insert(pattern.end(), lengths[r], r % 2);
  return from_pattern(pattern, width);
}

// Activation-like: channels of `plane` elements, a third of them dead
// (all zero), the rest ReLU outputs with scattered zeros.
Bytes activation_like(size_t channels, size_t plane, unsigned width, uint64_t seed) {
  std::mt19937_64 rng(seed);
  Bytes out;
  for (size_t c = 0; c < channels; ++c) {
    const bool dead = rng() % 3 == 0;
    const Bytes ch = sparse_bytes(plane * width, width, dead ? 0.0 : 0.6, Layout::kRandom, rng());
    out.insert(out.end(), ch.begin(), ch.end());
  }
  return out;
}

const unsigned kWidths[] = {1, 2, 4, 8};

}  // namespace

TEST_CASE("ZRLE payload bytes are pinned by the format", "[zrle]") {
  // docs/format-zrle.md, "Example": 0 0 5 6 0 7 0 0 0 and a tail byte 9.
  const Bytes src = {0, 0, 5, 6, 0, 7, 0, 0, 0};
  const Bytes expect = {3, 5, 6, 7, 0x21, 0x00};
  REQUIRE(zrle_round_trip(src, 1) == expect);
  const Bytes src2 = {0, 0, 5, 0, 6, 0, 0, 0, 0, 0, 0, 0, 9};  // width 2, tail 9
  const Bytes expect2 = {2, 5, 0, 6, 0, 0x11, 9};
  REQUIRE(zrle_round_trip(src2, 2) == expect2);
  // An all-zero block is its count, 0, and the tail.
  REQUIRE(zrle_round_trip(Bytes(4000, 0), 4) == Bytes{0});
  REQUIRE(zrle_round_trip(Bytes{}, 8) == Bytes{0});
  REQUIRE(zrle_round_trip(Bytes{1, 2, 3}, 4) == (Bytes{0, 1, 2, 3}));
  // Nibble 15 and its varint: 20 zeros, then 200 nonzero bytes.
  Bytes long_runs(220, 7);
  std::memset(long_runs.data(), 0, 20);
  const Bytes enc = zrle_round_trip(long_runs, 1);
  REQUIRE(enc.size() == 2 + 200 + 4);
  REQUIRE(Bytes(enc.begin() + 202, enc.end()) == (Bytes{0xFF, 20 - 15, 199 - 15 - 128 + 0x80, 1}));
}

TEST_CASE("ZRLE round trips fixed patterns on every target", "[zrle]") {
  for (unsigned width : kWidths) {
    INFO("width " << width);
    std::vector<Bytes> inputs = {
        Bytes(64 * 1024, 0),
        sparse_bytes(64 * 1024 + 3, width, 1.0, Layout::kRandom, 1),
        from_pattern(std::vector<int>(5000, 1), width),
    };
    std::vector<int> alt(7777), pairs(7777);
    for (size_t i = 0; i < alt.size(); ++i) alt[i] = i % 2, pairs[i] = (i / 2) % 2;
    inputs.push_back(from_pattern(alt, width));
    inputs.push_back(from_pattern(pairs, width));
    inputs.push_back(activation_like(40, 32 * 32, width, width));
    cdma::test::for_each_target([&](const char*) {
      for (const Bytes& src : inputs) zrle_round_trip(src, width);
    });
  }
}

TEST_CASE("ZRLE round trips every density and layout on every target", "[zrle]") {
  const unsigned width = GENERATE(1u, 2u, 4u, 8u);
  const double density = GENERATE(0.0, 0.001, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 1.0);
  const Layout layout = GENERATE(Layout::kRandom, Layout::kClustered);
  const auto src = sparse_bytes(96 * 1024 + 5, width, density, layout, 17 + width);
  cdma::test::for_each_target([&](const char*) { zrle_round_trip(src, width); });
}

TEST_CASE("ZRLE handles every length around word and vector boundaries", "[zrle]") {
  const unsigned width = GENERATE(1u, 2u, 4u, 8u);
  cdma::test::for_each_target([&](const char*) {
    for (size_t len = 0; len <= 600; ++len) {
      INFO("length " << len);
      for (double density : {0.0, 0.5, 0.95, 1.0})
        zrle_round_trip(sparse_bytes(len, width, density, Layout::kRandom, len), width);
      zrle_round_trip(sparse_bytes(len, width, 0.5, Layout::kClustered, len), width);
    }
  });
}

TEST_CASE("ZRLE reads and writes through unaligned pointers", "[zrle]") {
  const auto src = activation_like(8, 30 * 30, 4, 5);
  cdma::test::for_each_target([&](const char*) {
    for (unsigned width : kWidths) {
      for (size_t off = 0; off < 8; ++off) {
        Bytes in(src.size() + off);
        std::memcpy(in.data() + off, src.data(), src.size());
        const size_t cap = cdma::zrle::bound(src.size(), width);
        Bytes enc(cap + off), back(src.size() + off);
        const size_t n =
            cdma::zrle::encode(in.data() + off, src.size(), width, enc.data() + off, cap);
        REQUIRE(n == cdma::zrle::scalar::encoded_size(src.data(), src.size(), width));
        REQUIRE(cdma::zrle::decode(enc.data() + off, n, width, back.data() + off, src.size()) ==
                src.size());
        REQUIRE(std::memcmp(back.data() + off, src.data(), src.size()) == 0);
      }
    }
  });
}

TEST_CASE("ZRLE codes runs across every nibble and varint boundary", "[zrle]") {
  // Codes 14/15/16 (nibble), 15 + 127/128 (varint 1 -> 2 bytes), 15 + 2^14
  // (2 -> 3 bytes), 15 + 2^21 (3 -> 4 bytes); a later zero run is coded
  // minus one, so both sides of each boundary are covered.
  const size_t lengths[] = {1,   14,    15,    16,    17,    141,     142,     143,
                            144, 16397, 16398, 16399, 16400, 2097166, 2097167, 2097168};
  for (unsigned width : {1u, 4u}) {
    for (size_t len : lengths) {
      INFO("width " << width << " run " << len);
      const Bytes zeros_first = alternating_runs({len, 3, len, len, 1}, width);
      const Bytes lits_first = alternating_runs({0, len, 1, 2, len}, width);
      cdma::test::for_each_target([&](const char*) {
        zrle_round_trip(zeros_first, width);
        zrle_round_trip(lits_first, width);
      });
    }
  }
}

TEST_CASE("ZRLE reports kNoFit instead of writing past the capacity", "[zrle]") {
  const unsigned width = GENERATE(1u, 2u, 4u, 8u);
  const auto src = sparse_bytes(4096 + 5, width, 0.6, Layout::kClustered, 3);
  const size_t need = cdma::zrle::scalar::encoded_size(src.data(), src.size(), width);
  cdma::test::for_each_target([&](const char*) {
    for (size_t cap : {size_t{0}, size_t{1}, need / 2, need - 40, need - 2, need - 1}) {
      Bytes dst(cap + 64, 0xEE);
      REQUIRE(cdma::zrle::encode(src.data(), src.size(), width, dst.data(), cap) ==
              cdma::zrle::kNoFit);
      REQUIRE(cdma::zrle::scalar::encode(src.data(), src.size(), width, dst.data(), cap) ==
              cdma::zrle::kNoFit);
      for (size_t i = cap; i < dst.size(); ++i) REQUIRE(dst[i] == 0xEE);
    }
    Bytes dst(need);
    REQUIRE(cdma::zrle::encode(src.data(), src.size(), width, dst.data(), need) == need);
  });
}

TEST_CASE("ZRLE bound holds for the worst layouts", "[zrle]") {
  for (unsigned width : kWidths) {
    std::vector<int> alt(1001);
    for (size_t i = 0; i < alt.size(); ++i) alt[i] = (i + 1) % 2;  // 1 0 1 0 ...: most pairs
    for (const Bytes& src :
         {from_pattern(alt, width), sparse_bytes(999, width, 1.0, Layout::kRandom, 2)})
      REQUIRE(cdma::zrle::scalar::encoded_size(src.data(), src.size(), width) <=
              cdma::zrle::bound(src.size(), width));
  }
}

TEST_CASE("ZRLE decoder rejects inconsistent payloads", "[zrle]") {
  using cdma::zrle::decode;
  auto rejects = [](const Bytes& payload, unsigned width, size_t dst_size) {
    Bytes out(dst_size);
    const size_t r = decode(payload.data(), payload.size(), width, out.data(), dst_size);
    const size_t rs =
        cdma::zrle::scalar::decode(payload.data(), payload.size(), width, out.data(), dst_size);
    return cdma::error_code(r) == CDMA_ERROR_corruption_detected &&
           cdma::error_code(rs) == CDMA_ERROR_corruption_detected;
  };
  cdma::test::for_each_target([&](const char*) {
    REQUIRE(rejects({}, 1, 0));                         // no count
    REQUIRE(rejects({0, 0}, 1, 0));                     // a byte left over as a pair
    REQUIRE(rejects({1, 5, 0x00}, 1, 0));               // count above n
    REQUIRE(rejects({2, 5}, 1, 4));                     // literals past the payload
    REQUIRE(rejects({1, 5}, 1, 4));                     // a literal no pair uses
    REQUIRE(rejects({1, 5, 0x01}, 1, 4));               // pair takes 2 literals of 1
    REQUIRE(rejects({1, 5, 0x40}, 1, 4));               // 4 zeros + 1 literal > 4 elements
    REQUIRE(rejects({1, 5, 0x30, 0x00}, 1, 4));         // second pair with no literal left
    REQUIRE(rejects({1, 5, 0xF0}, 1, 40));              // truncated varint
    REQUIRE(rejects({1, 5, 0xF0, 0x80, 0x00}, 1, 40));  // overlong varint
    REQUIRE(
        rejects({1, 5, 0xF0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F}, 1, 40));
    REQUIRE(rejects({0x80}, 1, 4));               // count varint cut
    REQUIRE(rejects({0x80, 0x00}, 1, 4));         // overlong count
    REQUIRE(rejects({1, 5, 0x00, 9}, 2, 5));      // the pair byte read as literal: no pair
    REQUIRE(!rejects({1, 5, 0, 0x00, 9}, 2, 5));  // ... the same made consistent
  });
  // Every truncation of a real payload is an error, whatever is cut.
  for (unsigned width : kWidths) {
    const auto src = sparse_bytes(3000 * width + 1, width, 0.4, Layout::kClustered, 11);
    Bytes enc(cdma::zrle::bound(src.size(), width));
    enc.resize(cdma::zrle::encode(src.data(), src.size(), width, enc.data(), enc.size()));
    for (size_t cut = 0; cut < enc.size(); ++cut) {
      INFO("width " << width << " cut to " << cut);
      REQUIRE(rejects(Bytes(enc.begin(), enc.begin() + static_cast<ptrdiff_t>(cut)), width,
                      src.size()));
    }
  }
}

TEST_CASE("ZRLE decoders agree on corrupt payloads and stay in bounds", "[zrle]") {
  std::mt19937_64 rng(99);
  for (unsigned width : kWidths) {
    const auto src = activation_like(6, 16 * 16, width, width + 100);
    Bytes enc(cdma::zrle::bound(src.size(), width));
    enc.resize(cdma::zrle::encode(src.data(), src.size(), width, enc.data(), enc.size()));
    cdma::test::for_each_target([&](const char*) {
      for (int trial = 0; trial < 400; ++trial) {
        Bytes bad = enc;
        for (int flips = 1 + static_cast<int>(rng() % 3); flips > 0; --flips)
          bad[rng() % bad.size()] ^= static_cast<uint8_t>(1u << (rng() % 8));
        const size_t dst_size = trial % 5 == 0 ? src.size() - rng() % 64 : src.size();
        Bytes a(dst_size), b(dst_size);  // exact sizes: ASan sees any overrun
        const size_t ra = cdma::zrle::decode(bad.data(), bad.size(), width, a.data(), dst_size);
        const size_t rb =
            cdma::zrle::scalar::decode(bad.data(), bad.size(), width, b.data(), dst_size);
        REQUIRE(ra == rb);
        if (!cdma::is_error(ra)) REQUIRE(a == b);
      }
    });
  }
}

// ---------------------------------------------------------------- run stats

TEST_CASE("Run statistics count runs as documented", "[runs]") {
  // 35 zeros, 3 nonzero, 1 zero, 40 nonzero, 2 zeros.
  const Bytes src = alternating_runs({35, 3, 1, 40, 2}, 4);
  cdma::runs::RunStats expect;
  expect.elements = 81;
  expect.nonzero = 43;
  expect.zero_runs = 3;
  expect.nonzero_runs = 2;
  expect.long_zero_runs = 1;
  expect.long_zero_elements = 35;
  expect.long_nonzero_runs = 1;
  expect.long_nonzero_elements = 40;
  cdma::test::for_each_target([&](const char*) {
    REQUIRE(cdma::runs::element_run_stats(src.data(), src.size() + 3, 4) == expect);
  });
  REQUIRE(cdma::runs::scalar::element_run_stats(src.data(), src.size(), 4) == expect);
  REQUIRE(cdma::runs::element_run_stats(src.data(), 0, 4) == cdma::runs::RunStats{});
}

TEST_CASE("Run statistics of every target match the reference", "[runs]") {
  cdma::test::for_each_target([&](const char*) {
    for (unsigned width : kWidths) {
      for (size_t len : {size_t{0}, size_t{1}, size_t{63}, size_t{64}, size_t{65}, size_t{200},
                         size_t{600}, size_t{50000}}) {
        for (double density : {0.0, 0.3, 0.97, 1.0}) {
          for (Layout layout : {Layout::kRandom, Layout::kClustered}) {
            const auto src = sparse_bytes(len * width + 1, width, density, layout, len + width);
            INFO("width " << width << " length " << len << " density " << density);
            REQUIRE(cdma::runs::element_run_stats(src.data(), src.size(), width) ==
                    cdma::runs::scalar::element_run_stats(src.data(), src.size(), width));
            // The same bytes read as a bitmask, for every bit count up to them.
            const size_t bits = src.size() * 8 - len % 8;
            REQUIRE(cdma::runs::bit_run_stats(src.data(), bits) ==
                    cdma::runs::scalar::bit_run_stats(src.data(), bits));
          }
        }
      }
    }
  });
}

TEST_CASE("Bit run statistics follow the LSB-first mask order", "[runs]") {
  const Bytes mask = {0x0F, 0x00, 0x00, 0x00, 0x00, 0xF0, 0xFF, 0xFF, 0xFF, 0xFF, 0x01};
  const auto s = cdma::runs::bit_run_stats(mask.data(), 83);
  REQUIRE(s.nonzero == 4 + 4 + 32 + 1);
  REQUIRE(s.zero_runs == 2);  // bits 4..43 and 82
  REQUIRE(s.nonzero_runs == 2);
  REQUIRE(s.long_zero_runs == 1);
  REQUIRE(s.long_zero_elements == 40);
  REQUIRE(s.long_nonzero_runs == 1);
  REQUIRE(s.long_nonzero_elements == 37);
}

// ----------------------------------------------------------------- byte RLE

namespace {

Bytes rle_round_trip(const Bytes& src) {
  const size_t cap = cdma::runs::rle_bytes_bound(src.size());
  Bytes ref(cap), simd_buf(cap + 1);
  uint8_t* simd = simd_buf.data() + 1;
  const size_t ref_size =
      cdma::runs::scalar::rle_bytes_encode(src.data(), src.size(), ref.data(), cap);
  const size_t simd_size = cdma::runs::rle_bytes_encode(src.data(), src.size(), simd, cap);
  REQUIRE(ref_size != cdma::runs::kNoFit);
  REQUIRE(simd_size == ref_size);
  REQUIRE(std::memcmp(ref.data(), simd, ref_size) == 0);
  ref.resize(ref_size);
  Bytes back(src.size(), 0xAA);
  REQUIRE(cdma::runs::rle_bytes_decode(ref.data(), ref.size(), back.data(), back.size()) ==
          src.size());
  REQUIRE(back == src);
  return ref;
}

// The ZVC mask of a block: bit i set when element i is nonzero.
Bytes zvc_mask(const Bytes& src, unsigned width) {
  const size_t n = src.size() / width;
  Bytes mask((n + 7) / 8, 0);
  for (size_t i = 0; i < n; ++i)
    for (unsigned b = 0; b < width; ++b)
      if (src[i * width + b]) mask[i / 8] |= static_cast<uint8_t>(1u << (i % 8));
  return mask;
}

}  // namespace

TEST_CASE("Byte RLE stream bytes are pinned by the format", "[rle_bytes]") {
  // docs/format-zrle.md, "Byte RLE example".
  const Bytes src = {7, 0, 0, 0, 0, 0, 1, 2, 2, 2, 0xFF, 0xFF, 0xFF, 0xFF};
  REQUIRE(rle_round_trip(src) == (Bytes{0x11, 7, 0, 0x40, 1, 2, 2, 2, 0xFF}));
  REQUIRE(rle_round_trip({}).empty());
  REQUIRE(rle_round_trip({5, 5, 5}) == (Bytes{0x30, 5, 5, 5}));
  REQUIRE(rle_round_trip(Bytes(1000, 0)) == (Bytes{0x0F, 0xD5, 0x07, 0}));  // 1000 - 19 = 981
}

TEST_CASE("Byte RLE round trips on every target", "[rle_bytes]") {
  std::mt19937_64 rng(5);
  std::vector<Bytes> inputs = {Bytes(70000, 0), Bytes(70000, 0xFF)};
  Bytes random(70000);
  for (auto& b : random) b = static_cast<uint8_t>(rng());
  inputs.push_back(random);
  for (unsigned width : kWidths) {
    inputs.push_back(zvc_mask(activation_like(30, 32 * 32, width, width), width));
    inputs.push_back(zvc_mask(sparse_bytes(200000, width, 0.5, Layout::kClustered, width), width));
  }
  // Runs of 1..6 equal bytes at every alignment, two values alternating so
  // that neighbouring runs differ.
  Bytes short_runs;
  for (size_t r = 0; short_runs.size() < 5000; ++r)
    short_runs.insert(short_runs.end(), 1 + r % 6, static_cast<uint8_t>(r % 2 ? 0xFF : r % 7));
  inputs.push_back(short_runs);
  cdma::test::for_each_target([&](const char*) {
    for (const Bytes& src : inputs) rle_round_trip(src);
    for (size_t len = 0; len <= 600; ++len) {
      INFO("length " << len);
      rle_round_trip(Bytes(short_runs.begin(), short_runs.begin() + static_cast<ptrdiff_t>(len)));
      rle_round_trip(Bytes(random.begin(), random.begin() + static_cast<ptrdiff_t>(len)));
      rle_round_trip(Bytes(len, 0));
    }
  });
}

TEST_CASE("Byte RLE codes long runs and long literal stretches", "[rle_bytes]") {
  for (size_t len : {size_t{18}, size_t{19}, size_t{20}, size_t{146}, size_t{147}, size_t{16402},
                     size_t{16403}, size_t{2097170}, size_t{2097171}}) {
    Bytes src(len, 0);
    Bytes lits(len);
    for (size_t i = 0; i < len; ++i) lits[i] = static_cast<uint8_t>(i * 7 + i / 256);
    src.insert(src.end(), lits.begin(), lits.end());
    src.insert(src.end(), len, 0xFF);
    cdma::test::for_each_target([&](const char*) {
      REQUIRE(rle_round_trip(src).size() <= cdma::runs::rle_bytes_bound(src.size()));
      REQUIRE(rle_round_trip(lits).size() <= cdma::runs::rle_bytes_bound(lits.size()));
    });
  }
}

TEST_CASE("Byte RLE reports kNoFit instead of writing past the capacity", "[rle_bytes]") {
  const Bytes src = zvc_mask(sparse_bytes(100000, 2, 0.5, Layout::kClustered, 8), 2);
  Bytes full(cdma::runs::rle_bytes_bound(src.size()));
  const size_t need =
      cdma::runs::scalar::rle_bytes_encode(src.data(), src.size(), full.data(), full.size());
  cdma::test::for_each_target([&](const char*) {
    for (size_t cap : {size_t{0}, size_t{1}, need / 2, need - 1}) {
      Bytes dst(cap + 64, 0xEE);
      REQUIRE(cdma::runs::rle_bytes_encode(src.data(), src.size(), dst.data(), cap) ==
              cdma::runs::kNoFit);
      for (size_t i = cap; i < dst.size(); ++i) REQUIRE(dst[i] == 0xEE);
    }
    Bytes dst(need);
    REQUIRE(cdma::runs::rle_bytes_encode(src.data(), src.size(), dst.data(), need) == need);
  });
}

TEST_CASE("Byte RLE decoder rejects malformed streams", "[rle_bytes]") {
  auto rejects = [](const Bytes& stream, size_t dst_size) {
    Bytes out(dst_size);
    return cdma::error_code(
               cdma::runs::rle_bytes_decode(stream.data(), stream.size(), out.data(), dst_size)) ==
           CDMA_ERROR_corruption_detected;
  };
  REQUIRE(rejects({}, 1));                      // nothing to decode from
  REQUIRE(rejects({0x00}, 0));                  // bytes left over
  REQUIRE(rejects({0x20, 1}, 2));               // literals cut
  REQUIRE(rejects({0x21, 1, 2}, 2));            // final token with Rc != 0
  REQUIRE(rejects({0x10, 1, 2}, 2));            // run of 4 past the output
  REQUIRE(rejects({0x10, 1}, 5));               // value byte missing
  REQUIRE(rejects({0x1F, 1, 2}, 100));          // varint 1, literal 2, then no value byte
  REQUIRE(rejects({0x0F, 0x80, 0x00, 0}, 19));  // overlong varint
  REQUIRE(rejects({0x30, 1, 2, 3, 9}, 3));      // byte left after the last token
  REQUIRE(!rejects({0x10, 1, 2}, 5));           // 1 then 2 2 2 2
  std::mt19937_64 rng(3);
  const Bytes src = zvc_mask(activation_like(10, 32 * 32, 4, 1), 4);
  const Bytes enc = rle_round_trip(src);
  for (size_t cut = 0; cut < enc.size(); ++cut)
    REQUIRE(rejects(Bytes(enc.begin(), enc.begin() + static_cast<ptrdiff_t>(cut)), src.size()));
  for (int trial = 0; trial < 2000; ++trial) {
    Bytes bad = enc;
    bad[rng() % bad.size()] ^= static_cast<uint8_t>(1u << (rng() % 8));
    Bytes out(src.size());  // exact size: ASan sees any overrun
    const size_t r = cdma::runs::rle_bytes_decode(bad.data(), bad.size(), out.data(), out.size());
    REQUIRE((cdma::is_error(r) || r == src.size()));
  }
}

// The split codec's per-stream choice (codecs/split/stream_coding.hpp):
// every level's policy writes streams that read back, and lz4-first skips
// the entropy coder exactly when lz4 reaches its bound.
#include <random>
#include <vector>

#include <catch2/catch.hpp>

#include "codecs/ext/repeat_screen.hpp"
#include "codecs/split/stream_coding.hpp"
#include "codecs/workspace.hpp"
#include "common/error.hpp"

namespace {

// The codecs' working memory for these single-threaded tests.
cdma::Workspace ws;

using Bytes = std::vector<uint8_t>;

// Bytes of low order-0 entropy (mostly 0, some 1-3) with a repeated 64-byte
// stretch every 256 bytes: lz4 takes it to well under 80%, order-0 rANS
// smaller still.
Bytes mixed_stream(size_t n) {
  std::mt19937 rng(11);
  Bytes b(n);
  for (auto& v : b) v = static_cast<uint8_t>(rng() % 8 == 0 ? 1 + rng() % 3 : 0);
  for (size_t i = 256; i + 64 <= n; i += 256)
    for (size_t j = 0; j < 64; ++j) b[i + j] = b[j];
  return b;
}

cdma::StreamCoding coding_of(const Bytes& coded) { return static_cast<cdma::StreamCoding>(coded[0]); }

Bytes write(const Bytes& src, const cdma::StreamPolicy& p) {
  Bytes out(cdma::stream_bound(src.size()));
  const size_t n = cdma::write_stream(ws, src.data(), src.size(), p, out.data(), out.size());
  REQUIRE(n <= out.size());
  out.resize(n);
  Bytes back(src.size());
  REQUIRE(cdma::read_stream(ws, out.data(), out.size(), back.data(), back.size()) == out.size());
  REQUIRE(back == src);
  return out;
}

}  // namespace

TEST_CASE("every level's stream policy writes streams that read back", "[split][stream]") {
  const Bytes s = mixed_stream(8192);
  for (int level = 2; level <= 9; ++level)
    for (auto kind : {cdma::StreamKind::kMask, cdma::StreamKind::kMatch, cdma::StreamKind::kPlane,
                      cdma::StreamKind::kMatchedPlane}) {
      INFO("level " << level << " kind " << static_cast<int>(kind));
      (void)write(s, cdma::stream_policy_for_level(level, kind));
    }
}

TEST_CASE("level 7 codes masks with zstd alone and its match streams as level 6 codes masks", "[split][stream]") {
  using cdma::StreamKind;
  const cdma::StreamPolicy mask = cdma::stream_policy_for_level(7, StreamKind::kMask);
  REQUIRE(mask.zstd_level == 1);
  REQUIRE(mask.lz4_level < 0);
  REQUIRE(!mask.entropy);
  const cdma::StreamPolicy match = cdma::stream_policy_for_level(7, StreamKind::kMatch);
  const cdma::StreamPolicy six = cdma::stream_policy_for_level(6, StreamKind::kMask);
  REQUIRE(match.zstd_level == 0);
  REQUIRE(match.lz4_level == six.lz4_level);
  REQUIRE(match.entropy == six.entropy);
  REQUIRE(match.lz4_first_below == six.lz4_first_below);
  // Elsewhere match streams follow the level's own masks.
  REQUIRE(cdma::stream_policy_for_level(9, StreamKind::kMatch).zstd_level ==
          cdma::stream_policy_for_level(9, StreamKind::kMask).zstd_level);
  // On a mask-like stream with repeats, level 7 writes a zstd stream.
  Bytes s(8192);
  std::mt19937 rng(9);
  for (size_t i = 0; i < s.size(); i += 64) {
    const uint8_t v = static_cast<uint8_t>(rng());
    for (size_t j = i; j < i + 64; ++j) s[j] = (j % 7 == 0) ? static_cast<uint8_t>(rng()) : v;
  }
  REQUIRE(coding_of(write(s, mask)) == cdma::StreamCoding::kZstd);
}

TEST_CASE("planes left by the match step skip lz4 and otherwise follow the level's planes", "[split][stream]") {
  using cdma::StreamKind;
  for (int level = 2; level <= 9; ++level) {
    INFO("level " << level);
    const cdma::StreamPolicy plane = cdma::stream_policy_for_level(level, StreamKind::kPlane);
    const cdma::StreamPolicy matched = cdma::stream_policy_for_level(level, StreamKind::kMatchedPlane);
    REQUIRE(matched.lz4_level < 0);
    REQUIRE(matched.entropy == plane.entropy);
    REQUIRE(matched.screen == plane.screen);
    REQUIRE(matched.screen_bits == plane.screen_bits);
    REQUIRE(matched.zstd_level == plane.zstd_level);
    REQUIRE(matched.lz4_screen == plane.lz4_screen);
    REQUIRE(matched.wide_min_payload == plane.wide_min_payload);
    REQUIRE(matched.fast_normalize == plane.fast_normalize);
    REQUIRE(matched.max_table_log == plane.max_table_log);
  }
  // A plane of 256-byte repeats of random bytes: lz4 wins it at level 7,
  // and after the match step it is coded otherwise, at a larger size.
  std::mt19937 rng(3);
  Bytes s(8192);
  for (size_t i = 0; i < 256; ++i) s[i] = static_cast<uint8_t>(rng());
  for (size_t i = 256; i < s.size(); ++i) s[i] = s[i - 256];
  const Bytes lz4 = write(s, cdma::stream_policy_for_level(7, StreamKind::kPlane));
  REQUIRE(coding_of(lz4) == cdma::StreamCoding::kLz4);
  const Bytes other = write(s, cdma::stream_policy_for_level(7, StreamKind::kMatchedPlane));
  REQUIRE(coding_of(other) != cdma::StreamCoding::kLz4);
  REQUIRE(other.size() > 2 * lz4.size());
}

TEST_CASE("lz4 first skips the entropy coder only when lz4 reaches its bound", "[split][stream]") {
  const Bytes s = mixed_stream(8192);
  cdma::StreamPolicy both;
  both.lz4_level = 0;
  const Bytes best = write(s, both);
  REQUIRE(coding_of(best) == cdma::StreamCoding::kEntropy);  // order-0 wins when both are tried

  cdma::StreamPolicy first = both;
  first.lz4_first_below = 0.8;
  const Bytes lz4_only = write(s, first);
  REQUIRE(coding_of(lz4_only) == cdma::StreamCoding::kLz4);
  REQUIRE(lz4_only.size() <= 0.8 * s.size() + 4);
  REQUIRE(lz4_only.size() > best.size());

  first.lz4_first_below = 0.01;  // lz4 cannot reach 1%: entropy is tried and wins
  REQUIRE(write(s, first) == best);
}

TEST_CASE("level 2 never entropy-codes a mask stream; level 3 does when lz4 cannot reach 80%", "[split][stream]") {
  // 16 symbols uniformly at random: order-0 coding halves it, lz4 finds
  // too few repeats to come near 80%.
  std::mt19937 rng(5);
  Bytes s(8192);
  for (auto& v : s) v = static_cast<uint8_t>(rng() % 16);
  const Bytes l2 = write(s, cdma::stream_policy_for_level(2, cdma::StreamKind::kMask));
  REQUIRE(coding_of(l2) != cdma::StreamCoding::kEntropy);
  const Bytes l3 = write(s, cdma::stream_policy_for_level(3, cdma::StreamKind::kMask));
  REQUIRE(coding_of(l3) == cdma::StreamCoding::kEntropy);
  REQUIRE(l3.size() < 0.6 * s.size());
}

TEST_CASE("repeat4_fraction counts bytes equal to the byte 4 before", "[split][stream]") {
  std::mt19937 rng(3);
  // Up to 1 KiB the whole stream is counted: exact against a plain loop.
  for (size_t n : {size_t{0}, size_t{3}, size_t{5}, size_t{13}, size_t{64}, size_t{1000}, size_t{1024}}) {
    Bytes s(n);
    for (auto& v : s) v = static_cast<uint8_t>(rng() % 3);
    size_t same = 0;
    for (size_t i = 4; i < n; ++i) same += s[i] == s[i - 4];
    const double expect = n > 4 ? static_cast<double>(same) / static_cast<double>(n - 4) : 0;
    INFO("n " << n);
    REQUIRE(cdma::ext::repeat4_fraction(s.data(), s.size()) == Approx(expect));
  }
  // Larger streams are sampled: a period-4 stream repeats everywhere, a
  // stream of 16 uniform symbols about 1/16 of the time.
  Bytes periodic(8192), random(8192);
  for (size_t i = 0; i < periodic.size(); ++i) periodic[i] = static_cast<uint8_t>(i % 4 * 50);
  for (auto& v : random) v = static_cast<uint8_t>(rng() % 16);
  REQUIRE(cdma::ext::repeat4_fraction(periodic.data(), periodic.size()) == 1.0);
  const double r = cdma::ext::repeat4_fraction(random.data(), random.size());
  REQUIRE(r > 0.02);
  REQUIRE(r < cdma::ext::kLz4HopelessRepeats);
}

TEST_CASE("the lz4 screen skips lz4 only where the entropy coder is tried", "[split][stream]") {
  std::mt19937 rng(5);
  Bytes s(8192);  // 16 uniform symbols: few 4-byte repeats
  for (auto& v : s) v = static_cast<uint8_t>(rng() % 16);
  cdma::StreamPolicy p;
  p.lz4_level = 0;
  p.lz4_screen = true;
  REQUIRE(coding_of(write(s, p)) == cdma::StreamCoding::kEntropy);
  p.entropy = false;  // lz4 is then the only coder: the screen does not apply
  cdma::StreamPolicy plain = p;
  plain.lz4_screen = false;
  REQUIRE(write(s, p) == write(s, plain));
  // A stream with repeats still gets its lz4 trial.
  const Bytes m = mixed_stream(8192);
  cdma::StreamPolicy screened;
  screened.lz4_level = 0;
  screened.lz4_screen = true;
  cdma::StreamPolicy unscreened = screened;
  unscreened.lz4_screen = false;
  REQUIRE(write(m, screened) == write(m, unscreened));
}

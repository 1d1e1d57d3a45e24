// The split codec's per-stream choice (codecs/split/stream_coding.hpp):
// every level's policy writes streams that read back, and lz4-first skips
// the entropy coder exactly when lz4 reaches its bound.
#include <random>
#include <vector>

#include <catch2/catch.hpp>

#include "codecs/split/stream_coding.hpp"
#include "common/error.hpp"

namespace {

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
  const size_t n = cdma::write_stream(src.data(), src.size(), p, out.data(), out.size());
  REQUIRE(n <= out.size());
  out.resize(n);
  Bytes back(src.size());
  REQUIRE(cdma::read_stream(out.data(), out.size(), back.data(), back.size()) == out.size());
  REQUIRE(back == src);
  return out;
}

}  // namespace

TEST_CASE("every level's stream policy writes streams that read back", "[split][stream]") {
  const Bytes s = mixed_stream(8192);
  for (int level = 2; level <= 9; ++level)
    for (bool mask : {true, false}) {
      INFO("level " << level << " mask " << mask);
      (void)write(s, cdma::stream_policy_for_level(level, mask));
    }
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
  const Bytes l2 = write(s, cdma::stream_policy_for_level(2, true));
  REQUIRE(coding_of(l2) != cdma::StreamCoding::kEntropy);
  const Bytes l3 = write(s, cdma::stream_policy_for_level(3, true));
  REQUIRE(coding_of(l3) == cdma::StreamCoding::kEntropy);
  REQUIRE(l3.size() < 0.6 * s.size());
}

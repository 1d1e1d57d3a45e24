// The split codec's match step (codecs/split/value_match.hpp): extraction
// and filling invert each other for every element width, find what they
// should within the 256-literal window, survive stale hash entries from an
// earlier call, and a corrupt match stream gives a specific error.
#include <cstring>
#include <random>
#include <vector>

#include <catch2/catch.hpp>

#include "codecs/split/split_codec.hpp"
#include "codecs/split/value_match.hpp"
#include "codecs/workspace.hpp"
#include "codecs/zvc/zvc.hpp"
#include "common/error.hpp"

namespace {

// The codecs' working memory for these single-threaded tests.
cdma::Workspace ws;

using Bytes = std::vector<uint8_t>;

// Literal values of `width` bytes; value i is the little-endian id[i] + 1
// (never zero, as literals never are).
Bytes literals_of(const std::vector<uint32_t>& ids, unsigned width) {
  Bytes out(ids.size() * width, 0);
  for (size_t i = 0; i < ids.size(); ++i) {
    const uint64_t v = uint64_t{ids[i]} + 1;
    std::memcpy(&out[i * width], &v, width < 8 ? width : 8);
  }
  return out;
}

struct Extracted {
  Bytes mask, distances, fresh;
  size_t matches = 0;
};

Extracted extract(const Bytes& lits, size_t count, unsigned width) {
  Extracted e;
  e.mask.assign((count + 7) / 8, 0);
  e.distances.assign(count + 1, 0);
  e.fresh.assign(count * width + 1, 0);
  const size_t fresh = cdma::split::extract_matches(lits.data(), count, width, e.mask.data(), e.distances.data(),
                                                    e.fresh.data(), &e.matches);
  REQUIRE(fresh + e.matches == count);
  e.fresh.resize(fresh * width);
  e.distances.resize(e.matches);
  return e;
}

// The decoder's path: ZVC-expand the new values to their positions with the
// new mask, then fill the copies.
Bytes rebuild(const Extracted& e, size_t count, unsigned width) {
  Bytes zvc = e.mask;
  zvc.insert(zvc.end(), e.fresh.begin(), e.fresh.end());
  Bytes out(count * width);
  REQUIRE(!cdma::is_error(cdma::zvc::decode(zvc.data(), zvc.size(), width, out.data(), out.size())));
  REQUIRE(cdma::split::fill_matches(e.mask.data(), count, width, e.distances.data(), out.data()));
  return out;
}

}  // namespace

TEST_CASE("match extraction and filling invert each other at every width and length", "[split][match]") {
  const unsigned width = GENERATE(1u, 2u, 4u, 8u);
  std::mt19937 rng(width);
  for (size_t count = 0; count <= 600; count += (count < 80 ? 1 : 37)) {
    INFO("width " << width << " count " << count);
    // A palette of 40 values, some fresh ones, and runs: every distance from
    // 1 to past the window occurs.
    std::vector<uint32_t> ids(count);
    for (auto& id : ids) id = rng() % 4 == 0 ? 1000 + rng() % 100000 : rng() % 40;
    if (width == 1)
      for (auto& id : ids) id %= 255;  // 1-byte values
    const Bytes lits = literals_of(ids, width);
    const Extracted e = extract(lits, count, width);
    if (count > 0) REQUIRE((e.mask[0] & 1) == 1);  // literal 0 has nothing to copy
    if (count % 8) REQUIRE((e.mask.back() >> (count % 8)) == 0);
    REQUIRE(rebuild(e, count, width) == lits);
  }
}

TEST_CASE("matches reach back exactly 256 literals", "[split][match]") {
  for (size_t gap : {size_t{254}, size_t{255}, size_t{256}}) {
    // Value 0, then `gap` distinct values, then value 0 again: distance gap + 1.
    std::vector<uint32_t> ids = {0};
    for (size_t i = 0; i < gap; ++i) ids.push_back(static_cast<uint32_t>(100 + i));
    ids.push_back(0);
    const Bytes lits = literals_of(ids, 4);
    const Extracted e = extract(lits, ids.size(), 4);
    INFO("gap " << gap);
    if (gap + 1 <= cdma::split::kMaxMatchDistance) {
      REQUIRE(e.matches == 1);
      REQUIRE(e.distances[0] == gap);  // d - 1
    } else {
      REQUIRE(e.matches == 0);
    }
    REQUIRE(rebuild(e, ids.size(), 4) == lits);
  }
}

TEST_CASE("a repeating pattern is all matches after its first period", "[split][match]") {
  std::vector<uint32_t> ids;
  for (size_t i = 0; i < 1000; ++i) ids.push_back(static_cast<uint32_t>(7 * (i % 10)));
  const Bytes lits = literals_of(ids, 4);
  const Extracted e = extract(lits, ids.size(), 4);
  REQUIRE(e.matches == ids.size() - 10);
  for (uint8_t d : e.distances) REQUIRE(d == 9);
}

TEST_CASE("stale positions from a longer earlier call never make a false match", "[split][match]") {
  // The hash table outlives a call: fill it with positions up to 5000, then
  // extract short sequences whose values sit at those stale positions' hashes.
  std::vector<uint32_t> long_ids(5000);
  for (size_t i = 0; i < long_ids.size(); ++i) long_ids[i] = static_cast<uint32_t>(i % 300);
  (void)extract(literals_of(long_ids, 4), long_ids.size(), 4);
  for (size_t count = 1; count < 64; ++count) {
    std::vector<uint32_t> ids(count);
    for (size_t i = 0; i < count; ++i) ids[i] = static_cast<uint32_t>(50000 + i);  // all distinct
    const Extracted e = extract(literals_of(ids, 4), count, 4);
    REQUIRE(e.matches == 0);
  }
}

TEST_CASE("fill_matches rejects a distance reaching before literal 0", "[split][match]") {
  Bytes values(4 * 4, 0);
  values[0] = 1, values[4] = 2;
  const Bytes mask = {0x03};        // literals 0 and 1 new, 2 and 3 copies
  const Bytes ok = {1, 2};          // literal 2 copies 0 (d = 2), 3 copies 0 (d = 3)
  const Bytes too_far = {1, 3};     // literal 3 would copy literal -1
  Bytes v = values;
  REQUIRE(cdma::split::fill_matches(mask.data(), 4, 4, ok.data(), v.data()));
  REQUIRE(v[8] == 1);
  REQUIRE(v[12] == 1);
  v = values;
  REQUIRE_FALSE(cdma::split::fill_matches(mask.data(), 4, 4, too_far.data(), v.data()));
}

TEST_CASE("each inconsistent match field is refused", "[split][match]") {
  // Four nonzero fp32 values a b a b: literals 2 and 3 copy at distance 2.
  // Every stream is under 64 bytes, so raw: flags, zero mask, literal mask,
  // new mask, distances, 4 planes of 2 bytes, each with its 2-byte head.
  const Bytes src = {1, 0, 0, 0x40, 2, 0, 0, 0x40, 1, 0, 0, 0x40, 2, 0, 0, 0x40};
  Bytes enc(128), back(src.size());
  const size_t n = cdma::split::encode(ws, src.data(), src.size(), 4, 9, enc.data(), enc.size());
  REQUIRE(enc[0] == (cdma::split::kFlagRepeat | cdma::split::kFlagMatch));
  REQUIRE(cdma::split::decode(ws, enc.data(), n, 4, back.data(), back.size()) == src.size());
  REQUIRE(back == src);
  // Offsets: zero mask head 1-2, byte 3; literal mask head 4-5, byte 6; new
  // mask head 7-8, byte 9; distances head 10-11, bytes 12-13.
  REQUIRE(enc[7] == 0);
  REQUIRE(enc[9] == 0x03);
  REQUIRE(enc[11] == 2);
  REQUIRE(enc[12] == 1);
  REQUIRE(enc[13] == 1);
  auto error = [&](Bytes bad, size_t size) {
    return cdma::error_code(cdma::split::decode(ws, bad.data(), size, 4, back.data(), back.size()));
  };
  // Each change below keeps two 1 bits in New_Mask, so the distance and
  // plane sizes still fit and the check named is what refuses it (fill and
  // ZVC's payload check back the first two up).
  Bytes bad = enc;
  bad[9] = 0x06;  // literal 0 marked as a copy
  REQUIRE(error(bad, n) == CDMA_ERROR_corruption_detected);
  bad = enc;
  bad[9] = 0x21;  // a bit past the last literal
  REQUIRE(error(bad, n) == CDMA_ERROR_corruption_detected);
  bad = enc;
  bad[12] = 2;  // literal 2 copying literal -1
  REQUIRE(error(bad, n) == CDMA_ERROR_corruption_detected);
  bad = enc;
  bad[9] = 0x07;  // one copy fewer: the distance stream is a byte too long, the planes short
  REQUIRE(error(bad, n) == CDMA_ERROR_corruption_detected);
  bad = enc;
  bad[0] = cdma::split::kFlagMatch | 0x04;  // an unknown flag beside it
  REQUIRE(error(bad, n) == CDMA_ERROR_reserved_bits_set);
}

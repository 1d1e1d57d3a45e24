// Entropy coder: each stage on its own (histogram, normalize, table, the
// exact reciprocal), round trips of every mode and lane count on every
// Highway target, the 2%-of-Shannon bound, and the decoder's answer to
// every corrupted header field and every truncation.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <vector>

#include <catch2/catch.hpp>

#if defined(__x86_64__) || defined(__i386__)
#include <xmmintrin.h>
#endif

#include "codecs/entropy/entropy.hpp"
#include "codecs/entropy/estimate_impl.hpp"
#include "codecs/entropy/rans.hpp"
#include "codecs/entropy/symbol_set.hpp"
#include "common/error.hpp"
#include "support/each_target.hpp"
#include "support/shared_data.hpp"

namespace ent = cdma::entropy;
using Bytes = std::vector<uint8_t>;

namespace {

// ---- Streams -----------------------------------------------------------------

Bytes uniform(size_t n, unsigned symbols, uint64_t seed) {
  std::mt19937_64 rng(seed);
  Bytes b(n);
  for (auto& v : b) v = static_cast<uint8_t>(rng() % symbols);
  return b;
}

Bytes geometric(size_t n, double p, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::geometric_distribution<int> geo(p);
  Bytes b(n);
  for (auto& v : b) v = static_cast<uint8_t>(std::min(geo(rng), 255));
  return b;
}

// Symbol 1 with probability p, else 0.
Bytes two_symbols(size_t n, double p, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::bernoulli_distribution coin(p);
  Bytes b(n);
  for (auto& v : b) v = coin(rng) ? 1 : 0;
  return b;
}

// Byte `k` (3: sign and exponent, 2: exponent LSB and mantissa top) of the
// nonzero elements of ReLU'd Gaussian fp32 activations: the streams the
// byte-plane pipeline feeds the coder.
Bytes activation_plane(size_t n, unsigned k, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::lognormal_distribution<float> mag(-1.0f, 1.5f);
  Bytes b;
  b.reserve(n);
  while (b.size() < n) {
    const float f = mag(rng);
    uint8_t bytes[4];
    std::memcpy(bytes, &f, 4);
    b.push_back(bytes[k]);
  }
  return b;
}

// Byte `k` of every nonzero fp32 element of the shared vgg/final set (files
// in name order); the test fails when the data is not there.
Bytes real_plane(unsigned k) {
  const std::filesystem::path dir = cdma::test::shared_data("vgg/final");
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().extension() == ".npy") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  Bytes plane;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    const Bytes file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    REQUIRE(file.size() > 12);
    // .npy: u16 header length at offset 8 in version 1, u32 from version 2.
    const size_t start = file[6] == 1 ? 10 + (file[8] | size_t{file[9]} << 8)
                                      : 12 + (file[8] | size_t{file[9]} << 8 | size_t{file[10]} << 16);
    for (size_t i = start; i + 4 <= file.size(); i += 4)
      if (file[i] | file[i + 1] | file[i + 2] | file[i + 3]) plane.push_back(file[i + k]);
  }
  return plane;
}

// ---- Helpers -----------------------------------------------------------------

size_t encode(const Bytes& src, Bytes& enc) {
  enc.assign(ent::encode_bound(src.size()), 0);
  const size_t n = ent::encode(src.data(), src.size(), enc.data(), enc.size());
  REQUIRE(n != ent::kNoFit);
  REQUIRE(n <= ent::encode_bound(src.size()));
  enc.resize(n);
  return n;
}

size_t decode_into(const Bytes& enc, size_t src_size, Bytes& out) {
  out.assign(src_size + 1, 0xA5);  // one guard byte past the end
  const size_t r = ent::decode(enc.data(), enc.size(), out.data(), src_size);
  REQUIRE(out[src_size] == 0xA5);
  out.resize(src_size);
  return r;
}

cdma_error_code decode_error(const Bytes& enc, size_t src_size) {
  Bytes out;
  return cdma::error_code(decode_into(enc, src_size, out));
}

void check_round_trip(const Bytes& src) {
  Bytes enc, back;
  encode(src, enc);
  REQUIRE(decode_into(enc, src.size(), back) == src.size());
  REQUIRE(back == src);
}

struct Staged {
  uint16_t norm[256];
  unsigned log;
  ent::EncTable enc;
  ent::DecTable dec;
};

// The stage API by hand, for a given lane count: histogram, normalize,
// tables. Requires at least two distinct symbols.
void build(const Bytes& src, unsigned log, Staged* s) {
  uint32_t hist[256];
  ent::histogram(src.data(), src.size(), hist);
  s->log = log;
  REQUIRE(!cdma::is_error(ent::normalize(hist, src.size(), log, s->norm)));
  ent::build_encoder(s->norm, log, &s->enc);
  ent::build_decoder(s->norm, log, &s->dec);
}

// Encodes with the scalar reference and with every SIMD target; all must
// write the same bytes.
Bytes rans_stream(const Bytes& src, unsigned lanes, const Staged& s) {
  Bytes out(src.size() * 2 + 256);
  const size_t n = ent::scalar::rans_encode(src.data(), src.size(), lanes, s.enc, out.data(), out.size());
  REQUIRE(n != ent::kNoFit);
  out.resize(n);
  // On a CPU with VBMI (level AVX3_DL) the AVX3 target codes wide
  // alphabets with byte permutes; capped at AVX3, with 32-bit permutes or
  // gathers. Both must give the scalar bytes.
  cdma::test::for_each_target([&](const char*) {
    Bytes got(src.size() * 2 + 256);
    REQUIRE(ent::rans_encode(src.data(), src.size(), lanes, s.enc, got.data(), got.size()) == n);
    got.resize(n);
    REQUIRE(got == out);
  });
  return out;
}

// Decodes a rANS stream with the scalar reference and with every SIMD
// target; all must agree on the result and on the bytes written.
size_t rans_decode_everywhere(const Bytes& stream, unsigned lanes, const Staged& s, size_t n,
                              Bytes* out) {
  Bytes ref(n);
  const size_t r = ent::scalar::rans_decode(stream.data(), stream.size(), lanes, s.dec, ref.data(), n);
  cdma::test::for_each_target([&](const char*) {
    Bytes got(n);
    REQUIRE(ent::rans_decode(stream.data(), stream.size(), lanes, s.dec, got.data(), n) == r);
    if (!cdma::is_error(r)) REQUIRE(got == ref);
  });
  *out = ref;
  return r;
}

// Histograms the normalization tests scale: skewed, uniform, two symbols
// with one rare, a real-like exponent plane, and the smallest valid input.
std::vector<Bytes> normalize_inputs() {
  return {geometric(100000, 0.05, 1), uniform(5000, 256, 2), two_symbols(70000, 0.001, 3),
          activation_plane(30000, 3, 4), Bytes{0, 1}};
}

// A normalized table keeps exactly the present symbols and sums to 2^log;
// returns how many symbols it holds.
size_t require_valid_table(const uint32_t hist[256], const uint16_t norm[256], unsigned log) {
  uint32_t sum = 0;
  size_t seen = 0;
  for (unsigned s = 0; s < 256; ++s) {
    REQUIRE((hist[s] == 0) == (norm[s] == 0));
    sum += norm[s];
    seen += norm[s] != 0;
  }
  REQUIRE(sum == (1u << log));
  return seen;
}

}  // namespace

// ---- Stages ------------------------------------------------------------------

TEST_CASE("histogram counts every byte and the distinct values", "[entropy]") {
  // Around the 16-byte step and the 256 KiB chunk of 16-bit counters, and a
  // single value filling whole chunks (the worst case for those counters).
  std::vector<Bytes> sources;
  for (size_t n : {0, 1, 7, 15, 16, 17, 1000, 65543, (256 << 10) - 1, (256 << 10) + 17, 600001})
    sources.push_back(geometric(n, 0.1, n));
  sources.push_back(Bytes((size_t{1} << 20) + 3, 0xC3));
  for (const Bytes& src : sources) {
    INFO("length " << src.size());
    uint32_t hist[256], naive[256] = {};
    for (uint8_t v : src) ++naive[v];
    const unsigned distinct = ent::histogram(src.data(), src.size(), hist);
    REQUIRE(std::equal(hist, hist + 256, naive));
    REQUIRE(distinct == static_cast<unsigned>(std::count_if(naive, naive + 256, [](uint32_t c) { return c != 0; })));
  }
}

TEST_CASE("normalize sums to 2^log, keeps every symbol, and is optimal", "[entropy]") {
  const unsigned log = GENERATE(8u, 10u, 12u);
  for (const Bytes& src : normalize_inputs()) {
    uint32_t hist[256];
    ent::histogram(src.data(), src.size(), hist);
    uint16_t norm[256];
    const size_t present = ent::normalize(hist, src.size(), log, norm);
    REQUIRE(!cdma::is_error(present));
    REQUIRE(require_valid_table(hist, norm, log) == present);
    // No single unit moved between two symbols lowers the coded size.
    auto bits = [&](unsigned s, int f) { return hist[s] * std::log2(static_cast<double>(1u << log) / f); };
    for (unsigned a = 0; a < 256; ++a)
      for (unsigned b = 0; b < 256; ++b) {
        if (a == b || norm[a] == 0 || norm[b] <= 1) continue;
        const double now = bits(a, norm[a]) + bits(b, norm[b]);
        const double moved = bits(a, norm[a] + 1) + bits(b, norm[b] - 1);
        REQUIRE(moved >= now - 1e-6 * now);
      }
  }
}

TEST_CASE("fast normalize is valid and within 0.5% of the optimum", "[entropy]") {
  const unsigned log = GENERATE(8u, 10u, 12u);
  for (const Bytes& src : normalize_inputs()) {
    uint32_t hist[256];
    ent::histogram(src.data(), src.size(), hist);
    uint16_t fast[256], best[256];
    const size_t present = ent::normalize(hist, src.size(), log, fast, true);
    REQUIRE(ent::normalize(hist, src.size(), log, best) == present);
    REQUIRE(require_valid_table(hist, fast, log) == present);
    auto coded_bits = [&](const uint16_t* norm) {
      double bits = 0;
      for (unsigned s = 0; s < 256; ++s)
        if (hist[s] != 0) bits += hist[s] * std::log2(static_cast<double>(1u << log) / norm[s]);
      return bits;
    };
    REQUIRE(coded_bits(fast) >= coded_bits(best) * (1 - 1e-9));
    REQUIRE(coded_bits(fast) <= coded_bits(best) * 1.005 + 64);
    // And streams coded with it decode.
    ent::EncodeOptions options;
    options.fast_normalize = true;
    Bytes enc(ent::encode_bound(src.size())), back(src.size());
    const size_t n = ent::encode(src.data(), src.size(), enc.data(), enc.size(), options);
    REQUIRE(n != ent::kNoFit);
    REQUIRE(ent::decode(enc.data(), n, back.data(), back.size()) == src.size());
    REQUIRE(back == src);
  }
}

TEST_CASE("normalize rejects what it cannot scale", "[entropy]") {
  uint32_t hist[256] = {};
  uint16_t norm[256];
  hist[7] = 10;
  REQUIRE(cdma::is_error(ent::normalize(hist, 10, 12, norm)));  // one symbol
  hist[8] = 1;
  REQUIRE(cdma::is_error(ent::normalize(hist, 12, 12, norm)));  // counts do not sum to n
  REQUIRE(cdma::is_error(ent::normalize(hist, 11, 7, norm)));   // table log below range
  REQUIRE(cdma::is_error(ent::normalize(hist, 11, 13, norm)));  // and above
  REQUIRE(!cdma::is_error(ent::normalize(hist, 11, 8, norm)));
}

TEST_CASE("the encoder's reciprocal divides exactly for every frequency", "[entropy]") {
  std::mt19937_64 rng(5);
  for (unsigned log = ent::kMinTableLog; log <= ent::kMaxTableLog; ++log) {
    uint16_t norm[256] = {};
    ent::EncTable t;
    for (uint32_t f = 1; f < (1u << log); ++f) {
      norm[0] = static_cast<uint16_t>(f);
      norm[1] = static_cast<uint16_t>((1u << log) - f);
      ent::build_encoder(norm, log, &t);
      const ent::EncSymbol& e = t.sym[0];
      REQUIRE(e.x_max == (ent::kStateLow >> log << 16) * f);
      // ceil(2^(31+l) / f) exactly (build_encoder takes it in double precision).
      const unsigned l = e.shift - 31;
      REQUIRE((1u << l) >= f);
      REQUIRE((l == 0 || (1u << (l - 1)) < f));
      REQUIRE(e.rcp == ((uint64_t{1} << (31 + l)) + f - 1) / f);
      // Quotient boundaries and random states over the whole range x < 2^31.
      std::vector<uint32_t> xs = {0, 1, f - 1, f, f + 1, ent::kStateHigh - 1, ent::kStateHigh - f};
      for (int i = 0; i < 64; ++i) {
        const uint32_t q = static_cast<uint32_t>(rng() % (ent::kStateHigh / f));
        xs.push_back(q * f), xs.push_back(q * f + f - 1);
      }
      for (uint32_t x : xs) REQUIRE(static_cast<uint32_t>((uint64_t{x} * e.rcp) >> e.shift) == x / f);
    }
  }
}

TEST_CASE("tables round-trip and table_size is what write_table writes", "[entropy]") {
  const unsigned log = GENERATE(8u, 12u);
  // One run, many runs (bitmap), a run at each end, a single pair.
  std::vector<Bytes> sources = {activation_plane(20000, 3, 6), uniform(20000, 256, 7), Bytes{0, 255, 0},
                                Bytes{3, 4, 5, 200, 201}};
  Bytes every_other;
  for (int s = 0; s < 256; s += 2) every_other.push_back(static_cast<uint8_t>(s));
  sources.push_back(every_other);
  for (const Bytes& src : sources) {
    Staged s;
    build(src, log, &s);
    Bytes tab(400);
    const size_t n = ent::write_table(s.norm, log, tab.data(), tab.size());
    REQUIRE(n == ent::table_size(s.norm));
    REQUIRE(ent::write_table(s.norm, log, tab.data(), n - 1) == ent::kNoFit);
    uint16_t back[256];
    unsigned back_log = 0;
    REQUIRE(ent::read_table(tab.data(), n, back, &back_log) == n);
    REQUIRE(back_log == log);
    REQUIRE(std::equal(back, back + 256, s.norm));
    // Every truncated table is rejected.
    for (size_t cut = 0; cut < n; ++cut) REQUIRE(cdma::is_error(ent::read_table(tab.data(), cut, back, &back_log)));
  }
}

TEST_CASE("write_table writes the bytes of the format's example", "[entropy]") {
  uint16_t norm[256] = {};
  norm[60] = 3000, norm[61] = 900, norm[62] = 150, norm[63] = 46;
  Bytes tab(64);
  tab.resize(ent::write_table(norm, 12, tab.data(), tab.size()));
  REQUIRE(tab == Bytes{0x0C, 0x01, 0x3C, 0x03, 0xB7, 0x17, 0x83, 0x07, 0x95, 0x01, 0x2D});
}

// The example of docs/format-entropy.md, and a stream that pins the
// reference encoder's choices (table log, runs, lanes, state forms): a
// change to either is a format change.
TEST_CASE("golden streams decode, and the encoder still writes them", "[entropy]") {
  const Bytes doc = {0x02, 0x08, 0x01, 0x61, 0x01, 0x7F, 0x7F, 0x00, 0x02, 0x04, 0x00,
                     0x01, 0x04, 0x00, 0x01, 0x04, 0x00, 0x02, 0x04};
  Bytes out;
  REQUIRE(decode_into(doc, 8, out) == 8);
  REQUIRE(out == Bytes{'a', 'b', 'b', 'a', 'b', 'a', 'a', 'b'});
  uint16_t norm[256] = {};
  norm['a'] = norm['b'] = 128;
  ent::EncTable t;
  ent::build_encoder(norm, 8, &t);
  Bytes stream(64);
  stream.resize(ent::scalar::rans_encode(out.data(), out.size(), ent::kLanesNarrow, t, stream.data(), stream.size()));
  REQUIRE(stream == Bytes(doc.begin() + 7, doc.end()));

  Bytes src(300);
  for (size_t i = 0; i < src.size(); ++i) src[i] = static_cast<uint8_t>((i % 5 == 0) + (i % 17 == 0));
  const Bytes golden = {0x02, 0x09, 0x01, 0x00, 0x02, 0x81, 0x03, 0x76, 0x06, 0xFC, 0x8B, 0x07, 0xCC, 0x89,
                        0x07, 0xBE, 0x45, 0x02, 0xA2, 0x49, 0x02, 0x30, 0x35, 0x78, 0x50, 0x97, 0x6C, 0xC1,
                        0x3F, 0x23, 0x1B, 0x9D, 0x34, 0xF2, 0xD5, 0x80, 0x50, 0x25, 0x4D, 0x9E, 0xB4, 0x77,
                        0x08, 0x11, 0xE7, 0x6A, 0x44, 0x83, 0xA8, 0xAA, 0xF7, 0x07, 0x29};
  Bytes enc;
  encode(src, enc);
  REQUIRE(enc == golden);
  REQUIRE(decode_into(golden, src.size(), out) == src.size());
  REQUIRE(out == src);
}

TEST_CASE("read_table rejects each inconsistent field", "[entropy]") {
  uint16_t norm[256];
  unsigned log = 0;
  auto rejects = [&](Bytes t) {
    return cdma::error_code(ent::read_table(t.data(), t.size(), norm, &log)) == CDMA_ERROR_corruption_detected;
  };
  // Valid: log 8, one run of symbols 10..11, frequencies 100 and 156.
  const Bytes good = {8, 1, 10, 1, 99, 155 | 0x80, 1};
  REQUIRE(ent::read_table(good.data(), good.size(), norm, &log) == good.size());
  REQUIRE(norm[10] == 100);
  REQUIRE(norm[11] == 156);
  REQUIRE(rejects({7, 1, 10, 1, 99, 155 | 0x80, 1}));          // table log below range
  REQUIRE(rejects({13, 1, 10, 1, 99, 155 | 0x80, 1}));         // above
  REQUIRE(rejects({8, 17, 10, 1, 99, 155 | 0x80, 1}));         // more runs than allowed
  REQUIRE(rejects({8, 1, 255, 1, 99, 155 | 0x80, 1}));         // run past symbol 255
  REQUIRE(rejects({8, 2, 10, 0, 0, 0, 99, 155 | 0x80, 1}));    // second run without a gap
  REQUIRE(rejects({8, 1, 10, 1, 99, 154 | 0x80, 1}));          // sum 2^8 - 1
  REQUIRE(rejects({8, 1, 10, 1, 100, 155 | 0x80, 1}));         // sum 2^8 + 1
  REQUIRE(rejects({8, 1, 10, 1, 99 | 0x80, 0, 155 | 0x80, 1})); // redundant zero high byte
  REQUIRE(rejects({8, 1, 10, 1, 99, 155 | 0x80, 0x81}));       // three-byte varint
  REQUIRE(rejects({8, 1, 10, 0, 0xFF, 1}));                    // a single symbol
  REQUIRE(rejects({8, 1, 10, 1, 99}));                         // frequencies missing
}

// ---- Round trips -------------------------------------------------------------

TEST_CASE("special streams take their modes and round-trip", "[entropy]") {
  Bytes enc;
  SECTION("empty") {
    REQUIRE(encode({}, enc) == 1);
    REQUIRE(enc[0] == ent::kModeRaw);
    check_round_trip({});
  }
  SECTION("all zero and all equal are RLE") {
    for (uint8_t v : {0, 1, 255})
      for (size_t n : {1, 2, 100, 1 << 20}) {
        const Bytes src(n, v);
        REQUIRE(encode(src, enc) == 2);
        REQUIRE(enc[0] == ent::kModeRle);
        check_round_trip(src);
      }
  }
  SECTION("random bytes are stored raw") {
    const Bytes src = uniform(100000, 256, 8);
    REQUIRE(encode(src, enc) == src.size() + 1);
    REQUIRE(enc[0] == ent::kModeRaw);
    check_round_trip(src);
  }
  SECTION("small and large payloads take 4 and 32 lanes, unless told otherwise") {
    const Bytes small = two_symbols(65536, 0.01, 9), large = activation_plane(65536, 3, 10);
    REQUIRE(encode(small, enc) < 1000);
    REQUIRE(enc[0] == ent::kModeRans4);
    REQUIRE(encode(large, enc) > 8192);
    REQUIRE(enc[0] == ent::kModeRans32);
    for (double wide_min : {0.0, 1e30}) {
      const ent::EncodeOptions options{wide_min};
      for (const Bytes* src : {&small, &large}) {
        Bytes e(src->size() + 1), back(src->size());
        e.resize(ent::encode(src->data(), src->size(), e.data(), e.size(), options));
        REQUIRE(e[0] == (wide_min == 0 ? ent::kModeRans32 : ent::kModeRans4));
        uint32_t hist[256];
        ent::histogram(src->data(), src->size(), hist);
        const auto estimate = static_cast<double>(ent::estimate_size(hist, src->size(), options));
        REQUIRE(std::abs(estimate - static_cast<double>(e.size())) <= 16 + 0.005 * static_cast<double>(e.size()));
        REQUIRE(ent::decode(e.data(), e.size(), back.data(), back.size()) == back.size());
        REQUIRE(back == *src);
      }
    }
  }
}

TEST_CASE("every length from 0 to 300 round-trips", "[entropy]") {
  for (size_t n = 0; n <= 300; ++n) {
    INFO("length " << n);
    check_round_trip(two_symbols(n, 0.3, n));
    check_round_trip(geometric(n, 0.3, n));
    check_round_trip(uniform(n, 256, n));
    check_round_trip(uniform(n, 3, n));
  }
}

TEST_CASE("both lane counts round-trip every length on every target", "[entropy]") {
  const unsigned lanes = GENERATE(ent::kLanesNarrow, ent::kLanesWide);
  const unsigned log = GENERATE(8u, 11u, 12u);
  const Bytes base = geometric(3000, 0.15, lanes + log);
  for (size_t n = 2; n <= 300; n += (n < 70 ? 1 : 7)) {
    INFO("lanes " << lanes << " log " << log << " length " << n);
    Bytes src(base.begin(), base.begin() + static_cast<ptrdiff_t>(n));
    src[0] = 0, src[1] = 1;  // at least two symbols
    Staged s;
    build(src, log, &s);
    Bytes back;
    REQUIRE(rans_decode_everywhere(rans_stream(src, lanes, s), lanes, s, n, &back) == n);
    REQUIRE(back == src);
  }
}

// The SIMD encoder swaps its gathers for permutes when the present symbols
// span at most 2 vectors' lanes (16 on AVX2, 32 on AVX-512), or 128 on
// AVX-512: spans around each limit, at the bottom and the top of the byte
// range (where the permuted window is moved down to end at 255), must give
// the scalar bytes.
TEST_CASE("narrow alphabets at every span and position round-trip on every target", "[entropy]") {
  const unsigned lo = GENERATE(0u, 37u, 100u, 128u, 129u, 224u, 239u, 240u, 250u);
  const unsigned span = GENERATE(2u, 8u, 9u, 15u, 16u, 17u, 31u, 32u, 33u, 64u, 127u, 128u, 129u);
  if (lo + span > 256) return;
  INFO("symbols " << lo << " to " << lo + span - 1);
  Bytes src = geometric(2000, 0.2, lo + span);
  for (auto& b : src) b = static_cast<uint8_t>(lo + b % span);
  src[0] = static_cast<uint8_t>(lo), src[1] = static_cast<uint8_t>(lo + span - 1);  // both ends present
  Staged s;
  build(src, 11, &s);
  CHECK(s.enc.lo_symbol == lo);
  CHECK(s.enc.hi_symbol == lo + span - 1);
  Bytes back;
  REQUIRE(rans_decode_everywhere(rans_stream(src, ent::kLanesWide, s), ent::kLanesWide, s, src.size(), &back) ==
          src.size());
  REQUIRE(back == src);
}

// Wider alphabets on AVX2 (rans_encode_avx2-inl.h): the 64 symbols with
// the most probability are looked up by permutes, and a group with any
// symbol outside them takes a gather; fp16's sign and exponent byte spans
// ~70 values, most groups inside the window. A dense core with rare far
// symbols mixes both kinds of groups in one stream, the far ones at either
// side of the core and in the first and last whole groups; with the core
// near 255 the window is moved down to end there. Table logs 8 (largest
// quotients) to 12.
TEST_CASE("alphabets wider than the AVX2 window round-trip on every target", "[entropy]") {
  const unsigned core = GENERATE(0u, 40u, 100u, 200u, 230u);
  const unsigned width = GENERATE(16u, 40u, 64u);
  const unsigned log = GENERATE(8u, 11u, 12u);
  if (core + width > 256) return;
  INFO("core " << core << " to " << core + width - 1 << ", table log " << log);
  Bytes src = geometric(20000, 0.15, core + width);
  for (auto& b : src) b = static_cast<uint8_t>(core + b % width);
  const unsigned far[] = {core >= 70 ? core - 70 : 255u, core + width + 70 < 256 ? core + width + 70 : 0u};
  for (size_t i : {size_t{0}, size_t{31}, size_t{5000}, size_t{12345}, src.size() - 40, src.size() - 1})
    src[i] = static_cast<uint8_t>(far[i % 2]);
  Staged s;
  build(src, log, &s);
  Bytes back;
  REQUIRE(rans_decode_everywhere(rans_stream(src, ent::kLanesWide, s), ent::kLanesWide, s, src.size(), &back) ==
          src.size());
  REQUIRE(back == src);
}

// The AVX2 encoder divides in floating point (rans_encode_avx2-inl.h),
// whose error bound holds in round-to-nearest, so it sets that mode while
// it runs: under every rounding mode a caller may have set it must still
// give the scalar bytes, and leave the caller's mode as it was. (Directed
// rounding can put the quotient 2 off only in rare states, which random
// streams like this one did not reach even without that guard.) Table log
// 8 gives the largest quotients, up to 2^23.
TEST_CASE("the SIMD encoder gives the scalar bytes under every rounding mode", "[entropy]") {
#if defined(__x86_64__) || defined(__i386__)
  struct RestoreCsr {
    unsigned saved = _mm_getcsr();
    ~RestoreCsr() { _mm_setcsr(saved); }
  } restore;
  Bytes src = geometric(6000, 0.05, 21);
  for (size_t i = 0; i < 256; ++i) src[i * 23] = static_cast<uint8_t>(i);  // every symbol, most of them rare
  for (const unsigned log : {8u, 11u}) {
    Staged s;
    build(src, log, &s);
    for (const unsigned mode : {_MM_ROUND_NEAREST, _MM_ROUND_DOWN, _MM_ROUND_UP, _MM_ROUND_TOWARD_ZERO}) {
      INFO("table log " << log << " rounding mode " << mode);
      _mm_setcsr((restore.saved & ~_MM_ROUND_MASK) | mode);
      (void)rans_stream(src, ent::kLanesWide, s);
      REQUIRE((_mm_getcsr() & _MM_ROUND_MASK) == mode);
    }
  }
#endif
}

TEST_CASE("rare, skewed and full alphabets round-trip", "[entropy]") {
  SECTION("one very rare symbol") {
    for (size_t pos : {size_t{0}, size_t{31}, size_t{50000}, size_t{99999}}) {
      Bytes src(100000, 42);
      src[pos] = 43;
      check_round_trip(src);
    }
  }
  SECTION("maximal skew: one symbol at frequency 1, the other at 2^log - 1") {
    for (size_t n : {size_t{2}, size_t{1000}, size_t{1} << 22}) {
      Bytes src(n, 0);
      src[n / 2] = 1;
      uint32_t hist[256];
      ent::histogram(src.data(), n, hist);
      uint16_t norm[256];
      const unsigned log = ent::choose_table_log(n);
      ent::normalize(hist, n, log, norm);
      if (n > 2) REQUIRE(norm[1] == 1);
      check_round_trip(src);
    }
  }
  SECTION("all 256 symbols, skewed") {
    Bytes src = geometric(200000, 0.02, 11);
    for (int s = 0; s < 256; ++s) src[static_cast<size_t>(s) * 7] = static_cast<uint8_t>(s);
    check_round_trip(src);
  }
  SECTION("large streams") {
    check_round_trip(activation_plane(size_t{16} << 20, 3, 12));
    check_round_trip(activation_plane(size_t{3} << 20, 2, 13));
    check_round_trip(two_symbols((size_t{8} << 20) + 5, 0.2, 14));
  }
}

TEST_CASE("the encoder never writes past its capacity", "[entropy]") {
  for (const Bytes& src : {activation_plane(50000, 3, 15), two_symbols(5000, 0.01, 16), uniform(3000, 256, 17)}) {
    Bytes enc;
    const size_t need = encode(src, enc);
    for (size_t cap : {size_t{0}, size_t{1}, size_t{10}, need / 2, need - 1}) {
      Bytes dst(cap + 64, 0xEE);
      REQUIRE(ent::encode(src.data(), src.size(), dst.data(), cap) == ent::kNoFit);
      for (size_t i = cap; i < dst.size(); ++i) REQUIRE(dst[i] == 0xEE);
    }
    Bytes dst(need);
    REQUIRE(ent::encode(src.data(), src.size(), dst.data(), need) == need);
    REQUIRE(dst == enc);
  }
}

// ---- Size ----------------------------------------------------------------------

TEST_CASE("output is within 2% of the Shannon bound plus the table", "[entropy]") {
  struct Case {
    const char* name;
    Bytes src;
  };
  for (size_t n : {size_t{64} << 10, size_t{1} << 20}) {
    const std::vector<Case> cases = {
        {"geometric p=0.2", geometric(n, 0.2, 18)},
        {"geometric p=0.05", geometric(n, 0.05, 19)},
        {"uniform over 16", uniform(n, 16, 20)},
        {"two symbols p=0.01", two_symbols(n, 0.01, 21)},
        {"exponent bytes", activation_plane(n, 3, 22)},
        {"exponent LSB + mantissa bytes", activation_plane(n, 2, 23)},
    };
    // The real planes (~270 KB each): their first n bytes when they are
    // that long, else the whole plane.
    std::vector<Case> all = cases;
    for (unsigned k : {3u, 2u}) {
      const Bytes plane = real_plane(k);
      REQUIRE(!plane.empty());
      const size_t len = std::min(n, plane.size());
      all.push_back({k == 3 ? "vgg/final byte 3" : "vgg/final byte 2",
                     Bytes(plane.begin(), plane.begin() + static_cast<ptrdiff_t>(len))});
    }
    for (const Case& c : all) {
      const size_t len = c.src.size();
      INFO(c.name << ", " << len << " bytes");
      uint32_t hist[256];
      ent::histogram(c.src.data(), len, hist);
      const double shannon = ent::shannon_bits(hist, len) / 8;
      Bytes enc;
      const size_t size = encode(c.src, enc);
      // Near-uniform streams are stored raw, which is within 2% too.
      size_t table = 0;
      if (enc[0] != ent::kModeRaw) {
        REQUIRE((enc[0] == ent::kModeRans4 || enc[0] == ent::kModeRans32));
        uint16_t norm[256];
        unsigned log = 0;
        table = ent::read_table(enc.data() + 1, enc.size() - 1, norm, &log);
        REQUIRE(!cdma::is_error(table));
      }
      const double payload = static_cast<double>(size - 1 - table);
      CAPTURE(shannon, payload, table);
      REQUIRE(payload <= 1.02 * shannon);
      // The estimate is within a few bytes plus 0.5%.
      const auto estimate = static_cast<double>(ent::estimate_size(hist, len));
      REQUIRE(std::abs(estimate - static_cast<double>(size)) <= 16 + 0.005 * static_cast<double>(size));
      check_round_trip(c.src);
    }
  }
}

// ---- Corruption ----------------------------------------------------------------

TEST_CASE("decode rejects each inconsistent header field", "[entropy]") {
  constexpr auto kBad = CDMA_ERROR_corruption_detected;
  auto err = [](const Bytes& e, size_t size) { return decode_error(e, size); };
  REQUIRE(err({}, 0) == kBad);                        // no mode byte
  REQUIRE(err({ent::kModeRaw, 1, 2, 3}, 2) == kBad);  // RAW size mismatch
  REQUIRE(err({ent::kModeRaw, 1, 2, 3}, 4) == kBad);
  REQUIRE(err({ent::kModeRle, 7}, 0) == kBad);        // RLE of nothing
  REQUIRE(err({ent::kModeRle, 7, 7}, 5) == kBad);     // RLE with extra bytes
  REQUIRE(err({ent::kModeRle}, 5) == kBad);

  const unsigned lanes = GENERATE(ent::kLanesNarrow, ent::kLanesWide);
  const Bytes src = lanes == ent::kLanesWide ? activation_plane(60000, 3, 24) : two_symbols(60000, 0.02, 24);
  Bytes enc;
  encode(src, enc);
  REQUIRE(enc[0] == (lanes == ent::kLanesWide ? ent::kModeRans32 : ent::kModeRans4));
  const size_t n = src.size();
  REQUIRE(err(enc, n) == CDMA_ERROR_no_error);

  for (uint8_t mode : {4, 5, 0x80, 0xFF}) {  // unknown modes
    Bytes e = enc;
    e[0] = mode;
    REQUIRE(err(e, n) == kBad);
  }
  {  // the other lane count
    Bytes e = enc;
    e[0] = lanes == ent::kLanesWide ? ent::kModeRans4 : ent::kModeRans32;
    REQUIRE(err(e, n) == kBad);
  }
  REQUIRE(err(enc, n - 1) == kBad);  // the wrong decoded size
  REQUIRE(err(enc, n + 1) == kBad);
  {  // table log out of range (the table fields themselves: read_table test)
    Bytes e = enc;
    e[1] = 13;
    REQUIRE(err(e, n) == kBad);
  }
  // Each lane state below the range of its form: 3-byte states must be at
  // least 2^15, 4-byte states at least 2^23.
  uint16_t norm[256];
  unsigned log = 0;
  size_t pos = 1 + ent::read_table(enc.data() + 1, enc.size() - 1, norm, &log);
  for (unsigned k = 0; k < lanes; ++k) {
    const bool wide = (enc[pos] & 1) != 0;
    // x = 2^15 - 1 in the short form, 2^23 - 1 in the long one.
    Bytes e = enc;
    e[pos] = wide ? 0xFF : 0xFE;
    e[pos + 1] = 0xFF;
    e[pos + 2] = wide ? 0xFF : 0x00;
    if (wide) e[pos + 3] = 0x00;
    INFO("lane " << k << (wide ? " (4 bytes)" : " (3 bytes)"));
    REQUIRE(err(e, n) == kBad);
    pos += wide ? 4 : 3;
  }
  REQUIRE((enc.size() - pos) % 2 == 0);  // then 16-bit words only
}

TEST_CASE("every truncation and extension is rejected", "[entropy]") {
  for (const Bytes& src : {two_symbols(3000, 0.05, 25), activation_plane(40000, 3, 26), Bytes(77, 9),
                           uniform(500, 256, 27)}) {
    Bytes enc;
    encode(src, enc);
    INFO("mode " << int{enc[0]});
    for (size_t cut = 0; cut < enc.size(); ++cut) {
      const Bytes t(enc.begin(), enc.begin() + static_cast<ptrdiff_t>(cut));
      REQUIRE(decode_error(t, src.size()) == CDMA_ERROR_corruption_detected);
    }
    for (size_t extra : {1, 2, 64}) {
      Bytes e = enc;
      e.insert(e.end(), extra, 0);
      REQUIRE(decode_error(e, src.size()) == CDMA_ERROR_corruption_detected);
    }
  }
}

TEST_CASE("flipped stream bits are mostly detected, never unsafe, and SIMD agrees", "[entropy]") {
  const unsigned lanes = GENERATE(ent::kLanesNarrow, ent::kLanesWide);
  const Bytes src = activation_plane(20000, 2, 28 + lanes);
  Staged s;
  build(src, 12, &s);
  const Bytes stream = rans_stream(src, lanes, s);
  std::mt19937_64 rng(29);
  size_t detected = 0;
  const size_t trials = 300;
  for (size_t t = 0; t < trials; ++t) {
    Bytes e = stream;
    e[rng() % e.size()] ^= static_cast<uint8_t>(1u << (rng() % 8));
    Bytes out;
    const size_t r = rans_decode_everywhere(e, lanes, s, src.size(), &out);
    detected += cdma::is_error(r);
  }
  // The end-state check is no checksum: on near-uniform data decoding acts
  // like a shift register, so a flipped low bit can be shifted out and the
  // lane resynchronise (measured: ~2% of single-bit flips on this stream).
  // The frame's content checksum is what catches those.
  REQUIRE(detected >= trials * 9 / 10);
}

TEST_CASE("the screen rejects only streams order-0 coding cannot shrink", "[entropy]") {
  std::mt19937 rng(7);
  auto stream = [&](size_t n, auto draw) {
    std::vector<uint8_t> s(n);
    for (uint8_t& b : s) b = static_cast<uint8_t>(draw());
    return s;
  };
  const auto uniform = stream(16384, [&] { return rng() & 0xff; });
  CHECK(ent::looks_incompressible(uniform.data(), uniform.size()));
  // A coded uniform stream is never smaller than RAW: the screen costs nothing there.
  std::vector<uint8_t> out(ent::encode_bound(uniform.size()));
  CHECK(ent::encode(uniform.data(), uniform.size(), out.data(), out.size()) == uniform.size() + 1);

  // 7 bits of entropy (128 equally likely values): 12% to gain, never screened out.
  const auto seven_bits = stream(16384, [&] { return rng() & 0x7f; });
  CHECK_FALSE(ent::looks_incompressible(seven_bits.data(), seven_bits.size()));
  // An exponent-like plane: a few values dominate.
  std::geometric_distribution<int> geo(0.3);
  const auto skewed = stream(16384, [&] { return 60 + std::min(geo(rng), 100); });
  CHECK_FALSE(ent::looks_incompressible(skewed.data(), skewed.size()));
  const std::vector<uint8_t> constant(16384, 42);
  CHECK_FALSE(ent::looks_incompressible(constant.data(), constant.size()));
  // Uniform bytes followed by zeros: the sample spans the whole stream.
  auto half = uniform;
  std::fill(half.begin() + 8192, half.end(), 0);
  CHECK_FALSE(ent::looks_incompressible(half.data(), half.size()));
  // Below 4 KiB the caller's full histogram is cheap: never screened.
  CHECK_FALSE(ent::looks_incompressible(uniform.data(), 4095));
  CHECK_FALSE(ent::looks_incompressible(uniform.data(), 0));
}

TEST_CASE("max_table_log caps the table log and the stream still decodes", "[entropy]") {
  const Bytes src = geometric(65536, 0.05, 9);
  for (unsigned cap : {8u, 11u, 12u}) {
    ent::EncodeOptions options;
    options.max_table_log = cap;
    Bytes enc(ent::encode_bound(src.size())), back(src.size());
    const size_t n = ent::encode(src.data(), src.size(), enc.data(), enc.size(), options);
    REQUIRE(n != ent::kNoFit);
    REQUIRE((enc[0] == ent::kModeRans4 || enc[0] == ent::kModeRans32));
    uint16_t norm[256];
    unsigned log = 0;
    REQUIRE(!cdma::is_error(ent::read_table(enc.data() + 1, n - 1, norm, &log)));
    REQUIRE(log == cap);  // choose_table_log(65536) is 12: the cap decides
    REQUIRE(ent::decode(enc.data(), n, back.data(), back.size()) == src.size());
    REQUIRE(back == src);
  }
}

// ---- Fixed costs ----------------------------------------------------------------
// The per-stream work (table description, size estimate, encoder and
// decoder tables) runs on symbol sets, thresholds and wide stores; each is
// checked here against the straightforward per-symbol form it replaced.

namespace {

// Tables of many shapes: sparse, dense, full, in 1 to 40 runs, with
// frequencies around the one/two-byte varint boundary and up to 4095; every
// table holds at least two symbols. Frequencies do not sum to anything.
std::vector<std::vector<uint16_t>> table_shapes(uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<std::vector<uint16_t>> out;
  auto freq = [&] {
    switch (rng() % 4) {
      case 0: return static_cast<uint16_t>(1 + rng() % 4);
      case 1: return static_cast<uint16_t>(126 + rng() % 6);  // 126..131
      case 2: return static_cast<uint16_t>(1 + rng() % 300);
      default: return static_cast<uint16_t>(1 + rng() % 4095);
    }
  };
  for (double density : {0.01, 0.05, 0.3, 0.7, 0.95, 1.0})
    for (int i = 0; i < 40; ++i) {
      std::vector<uint16_t> norm(256, 0);
      for (auto& f : norm)
        if (std::bernoulli_distribution(density)(rng)) f = freq();
      out.push_back(norm);
    }
  for (unsigned runs = 1; runs <= 40; ++runs) {
    std::vector<uint16_t> norm(256, 0);
    for (unsigned r = 0; r < runs; ++r) {
      const size_t start = rng() % 256, len = 1 + rng() % 12;
      for (size_t s = start; s < std::min<size_t>(256, start + len); ++s) norm[s] = freq();
    }
    out.push_back(norm);
  }
  for (auto& norm : out)  // at least two symbols, and the ends of the range
    if (std::count(norm.begin(), norm.end(), 0) > 254) norm[0] = freq(), norm[255] = freq();
  std::vector<uint16_t> ends(256, 0);
  ends[0] = 200, ends[255] = 3000;
  out.push_back(ends);
  return out;
}

// write_table() before the symbol sets: runs found symbol by symbol.
Bytes reference_table(const uint16_t norm[256], unsigned log) {
  std::vector<std::pair<unsigned, unsigned>> runs;  // (skip, length - 1)
  for (unsigned s = 0, next = 0; s < 256;) {
    if (norm[s] == 0) {
      ++s;
      continue;
    }
    const unsigned first = s;
    while (s < 256 && norm[s] != 0) ++s;
    runs.emplace_back(first - next, s - first - 1);
    next = s;
  }
  Bytes t = {static_cast<uint8_t>(log)};
  if (runs.size() <= 16) {
    t.push_back(static_cast<uint8_t>(runs.size()));
    for (auto [skip, len] : runs) t.push_back(static_cast<uint8_t>(skip)), t.push_back(static_cast<uint8_t>(len));
  } else {
    t.push_back(0);
    Bytes bitmap(32, 0);
    for (unsigned s = 0; s < 256; ++s)
      if (norm[s] != 0) bitmap[s / 8] |= static_cast<uint8_t>(1u << (s % 8));
    t.insert(t.end(), bitmap.begin(), bitmap.end());
  }
  for (unsigned s = 0; s < 256; ++s) {
    if (norm[s] == 0) continue;
    const uint32_t v = norm[s] - 1u;
    if (v < 128) {
      t.push_back(static_cast<uint8_t>(v));
    } else {
      t.push_back(static_cast<uint8_t>(v | 0x80));
      t.push_back(static_cast<uint8_t>(v >> 7));
    }
  }
  return t;
}

// A histogram of n symbols and its normalized table at a random log.
struct RandomTable {
  uint32_t hist[256];
  size_t n;
  unsigned log;
  uint16_t norm[256];
};

std::vector<RandomTable> random_tables(uint64_t seed) {
  std::vector<RandomTable> out;
  std::mt19937_64 rng(seed);
  for (const auto& shape : table_shapes(seed)) {
    RandomTable t;
    t.n = 0;
    for (unsigned s = 0; s < 256; ++s) {
      t.hist[s] = shape[s] == 0 ? 0 : static_cast<uint32_t>(shape[s] * (1 + rng() % 8) + rng() % 3);
      t.n += t.hist[s];
    }
    t.log = ent::kMinTableLog + static_cast<unsigned>(rng() % 5);
    REQUIRE(!cdma::is_error(ent::normalize(t.hist, t.n, t.log, t.norm)));
    out.push_back(t);
  }
  return out;
}

}  // namespace

TEST_CASE("symbol sets hold the present symbols, their runs and ends", "[entropy]") {
  for (const auto& norm : table_shapes(31)) {
    const ent::SymbolSet set = ent::present_symbols(norm.data());
    const ent::SymbolSet starts = ent::run_starts(set), ends = ent::run_ends(set);
    auto has = [](const ent::SymbolSet& x, unsigned s) { return (x.word[s / 64] >> (s % 64) & 1) != 0; };
    unsigned present = 0;
    for (unsigned s = 0; s < 256; ++s) {
      const bool p = norm[s] != 0;
      present += p;
      REQUIRE(has(set, s) == p);
      REQUIRE(has(starts, s) == (p && (s == 0 || norm[s - 1] == 0)));
      REQUIRE(has(ends, s) == (p && (s == 255 || norm[s + 1] == 0)));
    }
    REQUIRE(ent::count(set) == present);
    std::vector<unsigned> visited;
    ent::for_each_symbol(set, [&](unsigned s) { visited.push_back(s); });
    REQUIRE(visited.size() == present);
    REQUIRE(std::is_sorted(visited.begin(), visited.end()));
    REQUIRE(ent::first_symbol(set) == visited.front());
    REQUIRE(ent::last_symbol(set) == visited.back());
  }
  const uint32_t none[256] = {};
  const ent::SymbolSet empty = ent::present_symbols(none);
  REQUIRE(ent::count(empty) == 0);
  REQUIRE(ent::first_symbol(empty) == 255);
  REQUIRE(ent::last_symbol(empty) == 0);
}

TEST_CASE("write_table and table_size agree with a symbol-by-symbol writer", "[entropy]") {
  for (const auto& norm : table_shapes(32)) {
    const unsigned log = 12;
    const Bytes want = reference_table(norm.data(), log);
    REQUIRE(ent::table_size(norm.data()) == want.size());
    // Exactly the capacity, and a guard byte that must stay untouched.
    Bytes got(want.size() + 1, 0xA5);
    REQUIRE(ent::write_table(norm.data(), log, got.data(), want.size()) == want.size());
    REQUIRE(got.back() == 0xA5);
    got.pop_back();
    REQUIRE(got == want);
  }
}

TEST_CASE("estimate_size agrees with the table of scaled counts", "[entropy]") {
  // The estimate's table part, as it was: scale each count, clamp, and size
  // the table of the results.
  auto reference = [](const uint32_t hist[256], size_t n, double bits, const ent::EncodeOptions& options) {
    unsigned present = 0;
    for (unsigned s = 0; s < 256; ++s) present += hist[s] != 0;
    if (present == 1) return size_t{2};
    const unsigned log = ent::choose_table_log(n, options);
    uint16_t approx[256];
    for (unsigned s = 0; s < 256; ++s) {
      const uint64_t f = (uint64_t{hist[s]} << log) / n;
      approx[s] = static_cast<uint16_t>(hist[s] == 0 ? 0 : std::clamp<uint64_t>(f, 1, 4095));
    }
    const double payload = bits / 8 + 2.75 * ent::choose_lanes(bits, options);
    const size_t rans = 1 + reference_table(approx, log).size() + static_cast<size_t>(std::ceil(payload));
    return std::min(rans, ent::encode_bound(n));
  };
  std::mt19937_64 rng(33);
  for (const RandomTable& t : random_tables(33)) {
    for (unsigned cap : {8u, 10u, 12u}) {
      ent::EncodeOptions options;
      options.max_table_log = cap;
      const double bits = ent::shannon_bits(t.hist, t.n);
      REQUIRE(ent::estimate_size(t.hist, t.n, bits, options) == reference(t.hist, t.n, bits, options));
    }
  }
  // Counts on each side of the two-byte threshold, c * 2^log = 129 * n.
  for (unsigned log = ent::kMinTableLog; log <= ent::kMaxTableLog; ++log)
    for (int d = -2; d <= 2; ++d) {
      uint32_t hist[256] = {};
      const size_t n = size_t{1} << (log + 4);  // choose_table_log(n) >= log: the cap decides
      hist[5] = static_cast<uint32_t>((129 * n >> log) + d);
      hist[9] = static_cast<uint32_t>(n - hist[5]);
      ent::EncodeOptions options;
      options.max_table_log = log;
      const double bits = ent::shannon_bits(hist, n);
      REQUIRE(ent::estimate_size(hist, n, bits, options) == reference(hist, n, bits, options));
    }
}

TEST_CASE("encoder and decoder tables agree with the per-symbol formulas", "[entropy]") {
  for (const RandomTable& r : random_tables(34)) {
    ent::EncTable enc;
    ent::build_encoder(r.norm, r.log, &enc);
    ent::DecTable dec;
    std::fill(std::begin(dec.slot), std::end(dec.slot), 0xDEADBEEF);
    ent::build_decoder(r.norm, r.log, &dec);
    const uint32_t m = 1u << r.log;
    uint32_t cum = 0;
    unsigned lo = 256, hi = 0;
    for (unsigned s = 0; s < 256; ++s) {
      const uint32_t f = r.norm[s];
      if (f == 0) continue;
      lo = std::min(lo, s), hi = s;
      const ent::EncSymbol& e = enc.sym[s];
      unsigned l = 0;
      while ((1u << l) < f) ++l;
      REQUIRE(e.x_max == (ent::kStateLow >> r.log << 16) * f);
      REQUIRE(e.rcp == static_cast<uint32_t>(((uint64_t{1} << (31 + l)) + f - 1) / f));
      REQUIRE(e.shift == 31 + l);
      REQUIRE(e.bias == cum);
      REQUIRE(e.cmpl == m - f);
      REQUIRE(enc.rcp[s] == e.rcp);
      REQUIRE(enc.packed[s] == (f | cum << 12 | l << 24));
      for (uint32_t j = 0; j < f; ++j) REQUIRE(dec.slot[cum + j] == (s | j << 8 | f << 20));
      cum += f;
    }
    REQUIRE(cum == m);
    REQUIRE(enc.lo_symbol == lo);
    REQUIRE(enc.hi_symbol == hi);
    REQUIRE(dec.table_log == r.log);
  }
}

TEST_CASE("the compile-time log2 table is within 2 ulp of log2", "[entropy]") {
  for (uint32_t c = 1; c < ent::kLog2TableSize; ++c) {
    const double want = std::log2(static_cast<double>(c));
    const double got = ent::kLog2Table[c];
    if ((c & (c - 1)) == 0) REQUIRE(got == want);  // powers of two exactly
    CAPTURE(c, want, got);
    REQUIRE(std::abs(got - want) <= 2 * (std::nextafter(want, 100.0) - want));
  }
}

TEST_CASE("shannon_bound holds shannon_bits within its error, far inside", "[entropy]") {
  std::vector<std::pair<std::vector<uint32_t>, size_t>> hists;
  for (const RandomTable& t : random_tables(35)) hists.emplace_back(std::vector<uint32_t>(t.hist, t.hist + 256), t.n);
  for (const Bytes& src : normalize_inputs()) {
    std::vector<uint32_t> h(256);
    ent::histogram(src.data(), src.size(), h.data());
    hists.emplace_back(h, src.size());
  }
  std::vector<uint32_t> big(256, 0);  // counts past the table and near 2^32
  big[3] = 0xFFFFFF00u, big[4] = 0xF0, big[200] = 0x0F;
  hists.emplace_back(big, size_t{0xFFFFFFFFu});
  for (const auto& [h, n] : hists) {
    const double exact = ent::shannon_bits(h.data(), n);
    const ent::ShannonBound b = ent::shannon_bound(h.data(), n);
    CAPTURE(n, exact, b.bits, b.error);
    REQUIRE(std::abs(b.bits - exact) * 100 <= b.error);
  }
  REQUIRE(ent::shannon_bound(big.data(), 0).bits == 0);
}

TEST_CASE("choose_coding decides as the exact bound does, also at the thresholds", "[entropy]") {
  auto exact_coding = [](const uint32_t* h, size_t n, size_t table, const ent::EncodeOptions& o) {
    const double bits = ent::shannon_bits(h, n);
    return ent::Coding{ent::estimate_rans_size(table, bits, o) < ent::encode_bound(n), ent::choose_lanes(bits, o)};
  };
  for (const RandomTable& t : random_tables(36)) {
    const ent::EncodeOptions options;
    const size_t table = ent::estimate_table_size(t.hist, t.n, options);
    const double exact = ent::shannon_bits(t.hist, t.n);
    REQUIRE(ent::choose_coding(t.hist, t.n, table, ent::shannon_bound(t.hist, t.n), options) ==
            exact_coding(t.hist, t.n, table, options));
    // Bounds that straddle a threshold must fall back to the exact bound.
    // The lane threshold right at the exact bound: 32 lanes, not 4.
    ent::EncodeOptions at_lanes;
    at_lanes.wide_min_payload = exact / 8;
    const ent::Coding wide = ent::choose_coding(t.hist, t.n, table, {exact, 1.0}, at_lanes);
    REQUIRE(wide.lanes == ent::kLanesWide);
    REQUIRE(wide == exact_coding(t.hist, t.n, table, at_lanes));
    // A table one byte short of making RAW win at the exact bound, and a
    // bound whose upper end would make it win: still rANS.
    const size_t rans_at_exact = ent::estimate_rans_size(0, exact, options);
    if (rans_at_exact + 1 >= t.n) continue;
    const size_t tight = t.n - rans_at_exact - 1;
    REQUIRE(ent::estimate_rans_size(tight, exact, options) < ent::encode_bound(t.n));
    REQUIRE(ent::estimate_rans_size(tight, exact + 64, options) >= ent::encode_bound(t.n));
    const ent::Coding tight_coding = ent::choose_coding(t.hist, t.n, tight, {exact + 32, 33.0}, options);
    REQUIRE(tight_coding.rans);
    REQUIRE(tight_coding == exact_coding(t.hist, t.n, tight, options));
  }
}

TEST_CASE("the last words decode from a padded copy, and a stream short of them is rejected", "[entropy]") {
  // Skewed streams take few words per group, so the groups that read the
  // last words (fewer than a group's worst case) are many: up to hundreds
  // of symbols for 32 lanes.
  const unsigned lanes = GENERATE(ent::kLanesNarrow, ent::kLanesWide);
  for (double p : {0.002, 0.02, 0.2}) {
    for (size_t n : {size_t{64}, size_t{999}, size_t{4096}, size_t{4127}, size_t{16384}}) {
      INFO("lanes " << lanes << " p " << p << " length " << n);
      Bytes src = two_symbols(n, p, n + lanes);
      src[n / 2] = 1, src[n / 3] = 0;
      Staged s;
      build(src, 11, &s);
      const Bytes stream = rans_stream(src, lanes, s);
      Bytes back;
      REQUIRE(rans_decode_everywhere(stream, lanes, s, n, &back) == n);
      REQUIRE(back == src);
      // Whole words missing at the end, or extra ones.
      for (size_t words = 1; words <= 8 && 2 * words < stream.size(); ++words) {
        const Bytes cut(stream.begin(), stream.end() - static_cast<ptrdiff_t>(2 * words));
        REQUIRE(cdma::error_code(rans_decode_everywhere(cut, lanes, s, n, &back)) == CDMA_ERROR_corruption_detected);
        Bytes longer = stream;
        longer.insert(longer.end(), 2 * words, 0x5A);
        REQUIRE(cdma::error_code(rans_decode_everywhere(longer, lanes, s, n, &back)) == CDMA_ERROR_corruption_detected);
      }
    }
  }
}

TEST_CASE("symbol set ranges, and tables of every shape read back", "[entropy]") {
  std::mt19937_64 rng(37);
  for (int trial = 0; trial < 2000; ++trial) {
    const unsigned first = static_cast<unsigned>(rng() % 256);
    const unsigned len = 1 + static_cast<unsigned>(rng() % (256 - first));
    ent::SymbolSet set = {};
    set.word[rng() % 4] = rng();  // ranges add to what is there
    const ent::SymbolSet before = set;
    ent::add_range(set, first, len);
    for (unsigned s = 0; s < 256; ++s) {
      const bool was = (before.word[s / 64] >> (s % 64) & 1) != 0;
      REQUIRE(((set.word[s / 64] >> (s % 64) & 1) != 0) == (was || (s >= first && s < first + len)));
    }
  }
  for (const RandomTable& r : random_tables(38)) {
    Bytes tab(ent::table_size(r.norm));
    REQUIRE(ent::write_table(r.norm, r.log, tab.data(), tab.size()) == tab.size());
    uint16_t back[256];
    unsigned log = 0;
    REQUIRE(ent::read_table(tab.data(), tab.size(), back, &log) == tab.size());
    REQUIRE(log == r.log);
    REQUIRE(std::equal(back, back + 256, r.norm));
    for (size_t cut = 0; cut < tab.size(); ++cut) REQUIRE(cdma::is_error(ent::read_table(tab.data(), cut, back, &log)));
  }
}

// The split codec and the codec family through the frame: round trips of
// every codec and level on synthetic and real data, and a specific error
// for each inconsistent stage field.
#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <vector>

#include <catch2/catch.hpp>

#include "cdma/cdma.h"
#include "codecs/split/repeat_mask.hpp"
#include "codecs/split/split_codec.hpp"
#include "codecs/workspace.hpp"
#include "codecs/zvc/zvc.hpp"
#include "common/error.hpp"
#include "support/each_target.hpp"
#include "support/shared_data.hpp"
#include "support/sparse_gen.hpp"

using cdma::test::Layout;
using cdma::test::sparse_bytes;

namespace {

// The codecs' working memory for these single-threaded tests.
cdma::Workspace ws;

std::vector<uint8_t> frame_of(const std::vector<uint8_t>& src, int width, int codec, int level) {
  cdma_cctx* c = cdma_cctx_create();
  REQUIRE(cdma_cctx_set_param(c, CDMA_P_ELEMENT_WIDTH, width) == 0);
  REQUIRE(cdma_cctx_set_param(c, CDMA_P_CODEC, codec) == 0);
  REQUIRE(cdma_cctx_set_param(c, CDMA_P_LEVEL, level) == 0);
  REQUIRE(cdma_cctx_set_param(c, CDMA_P_BLOCK_LOG, 14) == 0);
  std::vector<uint8_t> out(cdma_compress_bound(src.size()));
  const size_t n = cdma_compress_cctx(c, out.data(), out.size(), src.data(), src.size());
  cdma_cctx_free(c);
  REQUIRE(!cdma_is_error(n));
  out.resize(n);
  return out;
}

void check_round_trip(const std::vector<uint8_t>& src, int width, int codec, int level) {
  INFO("codec " << codec << " level " << level << " width " << width << " size " << src.size());
  const auto frame = frame_of(src, width, codec, level);
  std::vector<uint8_t> back(src.size());
  REQUIRE(cdma_decompress(back.data(), back.size(), frame.data(), frame.size()) == src.size());
  REQUIRE(back == src);
}

// Synthetic streams named by the issue: all-zero, all-equal, random, two
// symbols, one very rare symbol, plus activation-like sparse data.
std::vector<std::vector<uint8_t>> synthetic(size_t bytes, unsigned width) {
  std::mt19937 rng(static_cast<unsigned>(bytes * 31 + width));
  std::vector<std::vector<uint8_t>> out;
  out.emplace_back(bytes, 0);
  out.emplace_back(bytes, 0x3F);
  std::vector<uint8_t> random(bytes), two(bytes), rare(bytes, 7);
  for (auto& b : random) b = static_cast<uint8_t>(rng());
  for (auto& b : two) b = (rng() & 1) ? 0x40 : 0x00;
  for (size_t i = 0; i < bytes; i += 997) rare[i] = 200;
  out.push_back(random);
  out.push_back(two);
  out.push_back(rare);
  out.push_back(sparse_bytes(bytes, width, 0.4, Layout::kClustered, bytes));
  return out;
}

}  // namespace

TEST_CASE("every codec and level round-trips synthetic streams", "[split]") {
  const int width = GENERATE(1, 2, 4, 8);
  for (int codec : {CDMA_CODEC_ZVC, CDMA_CODEC_SPLIT, CDMA_CODEC_ZSTD, CDMA_CODEC_LZ4, CDMA_CODEC_AUTO}) {
    for (int level = 1; level <= 9; ++level) {
      for (size_t bytes : {size_t{0}, size_t{1}, size_t{63}, size_t{300}, size_t{16384 + 5}, size_t{40000}})
        for (const auto& s : synthetic(bytes, static_cast<unsigned>(width))) check_round_trip(s, width, codec, level);
    }
  }
}

TEST_CASE("split codec round-trips every length around group boundaries", "[split]") {
  const unsigned width = GENERATE(1u, 2u, 4u, 8u);
  for (size_t len = 0; len < 700; ++len) {
    auto src = sparse_bytes(len, width, 0.5, Layout::kRandom, len);
    // Force repeats: copy each nonzero element over the next one now and then.
    for (size_t i = width; i + width <= len; i += 3 * width) std::memcpy(&src[i], &src[i - width], width);
    std::vector<uint8_t> enc(len + 512), back(len);
    for (int level : {2, 3, 9}) {
      INFO("len " << len << " level " << level);
      const size_t n = cdma::split::encode(ws, src.data(), len, width, level, enc.data(), enc.size());
      REQUIRE(n != ~size_t{0});
      REQUIRE(cdma::split::decode(ws, enc.data(), n, width, back.data(), len) == len);
      REQUIRE(back == src);
    }
  }
}

TEST_CASE("real activations round-trip at every level", "[split][real]") {
  const std::filesystem::path dir = cdma::test::shared_data("vgg/final");
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    const std::vector<uint8_t> file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    REQUIRE(file.size() > 10);
    const size_t data_offset = 10 + (file[8] | (file[9] << 8));  // .npy v1 header length
    const std::vector<uint8_t> data(file.begin() + static_cast<long>(data_offset), file.end());
    for (int level : {1, 3, 6, 9}) check_round_trip(data, 4, CDMA_CODEC_AUTO, level);
  }
}

TEST_CASE("each inconsistent split field gives a specific error", "[split]") {
  auto src = sparse_bytes(4000, 4, 0.5, Layout::kClustered, 5);
  for (size_t i = 4; i + 4 <= src.size(); i += 12) std::memcpy(&src[i], &src[i - 4], 4);
  std::vector<uint8_t> enc(src.size() + 512), back(src.size());
  const size_t n = cdma::split::encode(ws, src.data(), src.size(), 4, 2 + 1, enc.data(), enc.size());
  REQUIRE(enc[0] == cdma::split::kFlagRepeat);
  auto decode = [&](std::vector<uint8_t> bad, size_t size) {
    return cdma::error_code(cdma::split::decode(ws, bad.data(), size, 4, back.data(), back.size()));
  };
  REQUIRE(decode(enc, n) == CDMA_ERROR_no_error);
  auto bad = enc;
  bad[0] |= 0x80;  // reserved flag
  REQUIRE(decode(bad, n) == CDMA_ERROR_reserved_bits_set);
  bad = enc;
  bad[1] = 9;  // unknown stream coding
  REQUIRE(decode(bad, n) == CDMA_ERROR_corruption_detected);
  bad = enc;
  bad[2] = 0xFF, bad[3] = 0xFF, bad[4] = 0xFF, bad[5] = 0xFF, bad[6] = 0x7F;  // stream size past the payload
  REQUIRE(decode(bad, n) == CDMA_ERROR_corruption_detected);
  REQUIRE(decode(enc, n - 1) == CDMA_ERROR_corruption_detected);  // truncated
  auto longer = enc;
  REQUIRE(decode(longer, n + 1) == CDMA_ERROR_corruption_detected);  // bytes after the streams
  // Clearing the first literal bit claims a repeat with nothing before it.
  const std::vector<uint8_t> one_literal = {0x80, 0, 0, 0, 0x80, 0, 0, 0};
  std::vector<uint8_t> e2(64);
  const size_t n2 = cdma::split::encode(ws, one_literal.data(), 8, 4, 3, e2.data(), e2.size());
  // Layout: flags, mask stream (raw, 1 byte), literal-mask stream (raw, 1 byte), planes.
  REQUIRE(e2[1] == 0);
  REQUIRE(e2[4] == 0);
  REQUIRE(e2[6] == 0x01);
  e2[6] = 0x00;
  std::vector<uint8_t> b2(8);
  REQUIRE(cdma::error_code(cdma::split::decode(ws, e2.data(), n2, 4, b2.data(), 8)) == CDMA_ERROR_corruption_detected);
}

TEST_CASE("repeat extraction: SIMD kernel and scalar reference agree on every target", "[split]") {
  std::mt19937 rng(11);
  for (unsigned width : {1u, 2u, 4u, 8u}) {
    // One value in 3 a repeat, as in activations, or 11 in 12: runs
    // spanning whole groups, whose values all come from the group before.
    for (const unsigned repeat_in_12 : {4u, 11u}) {
    for (size_t count : {size_t{0}, size_t{1}, size_t{7}, size_t{8}, size_t{9}, size_t{63}, size_t{64},
                         size_t{65}, size_t{200}, size_t{4099}}) {
      // Nonzero values (as the codec sees them) with runs of repeats of
      // random lengths, including repeats across group and vector edges.
      std::vector<uint8_t> values(count * width);
      for (size_t i = 0; i < count; ++i) {
        if (i > 0 && rng() % 12 < repeat_in_12) {
          std::memcpy(&values[i * width], &values[(i - 1) * width], width);
          continue;
        }
        for (unsigned b = 0; b < width; ++b) values[i * width + b] = static_cast<uint8_t>(rng() % 3);
        values[i * width] |= 1;  // nonzero; only a few distinct values, so chance repeats too
      }
      const size_t mb = (count + 7) / 8;
      std::vector<uint8_t> want_mask(mb), want_lits(count * width);
      const size_t want = cdma::split::extract_literals_scalar(values.data(), count, width, want_mask.data(),
                                                               want_lits.data());
      cdma::test::for_each_target([&](const char* target) {
        INFO("target " << target << " width " << width << " count " << count);
        std::vector<uint8_t> mask(mb, 0xAA), lits(count * width, 0xAA);
        REQUIRE(cdma::split::extract_literals(values.data(), count, width, mask.data(), lits.data()) == want);
        REQUIRE(mask == want_mask);
        REQUIRE(std::equal(lits.begin(), lits.begin() + static_cast<long>(want * width), want_lits.begin()));
        // And the decoder's inverse, SIMD and scalar, restores the values
        // from them, writing exactly count values.
        std::vector<uint8_t> expanded(count * width + 64, 0xAA), scalar(count * width, 0xAA);
        cdma::zvc::expand_repeats(mask.data(), lits.data(), want, count, width, expanded.data());
        cdma::zvc::scalar::expand_repeats(mask.data(), lits.data(), count, width, scalar.data());
        REQUIRE(std::equal(values.begin(), values.end(), expanded.begin()));
        REQUIRE(std::all_of(expanded.begin() + static_cast<long>(values.size()), expanded.end(),
                            [](uint8_t b) { return b == 0xAA; }));
        REQUIRE(scalar == values);
      });
    }
    }
  }
}

// The encoder writes byte planes straight into dst when they fit there as
// raw streams, and through scratch otherwise: at every capacity around the
// frame's own size, it either refuses or writes the bytes a roomy buffer
// gets, and never past the capacity (the buffer is exactly that long).
TEST_CASE("split encode at tight capacities refuses or writes the same bytes", "[split]") {
  for (unsigned width : {4u, 8u}) {
    auto src = sparse_bytes(3000 * width + 3, width, 0.5, Layout::kClustered, width);  // with a tail
    for (size_t i = width; i + width <= src.size(); i += 5 * width) std::memcpy(&src[i], &src[i - width], width);
    for (int level : {3, 5, 9}) {
      std::vector<uint8_t> roomy(src.size() + 1024);
      const size_t m = cdma::split::encode(ws, src.data(), src.size(), width, level, roomy.data(), roomy.size());
      REQUIRE(m != ~size_t{0});
      roomy.resize(m);
      for (size_t cap = m - 1; cap <= m + 2 * width + 4; ++cap) {
        INFO("width " << width << " level " << level << " cap " << cap << " size " << m);
        std::vector<uint8_t> dst(cap);
        const size_t n = cdma::split::encode(ws, src.data(), src.size(), width, level, dst.data(), cap);
        if (cap < m) {
          REQUIRE(n == ~size_t{0});
        } else {
          REQUIRE(n == m);
          dst.resize(n);
          REQUIRE(dst == roomy);
        }
      }
    }
  }
}

TEST_CASE("split decode_to_cache writes what decode writes, and rejects what it rejects", "[split]") {
  // 256 KiB blocks: large enough that decode() streams its output out.
  for (unsigned width : {2u, 4u}) {
    const auto src = sparse_bytes((size_t{256} << 10) + width - 1, width, 0.4, Layout::kClustered, width);
    std::vector<uint8_t> payload(src.size() + 1024);
    const size_t m = cdma::split::encode(ws, src.data(), src.size(), width, 3, payload.data(), payload.size());
    REQUIRE(m != ~size_t{0});
    for (size_t offset : {size_t{0}, size_t{8}}) {  // aligned and unaligned dst
      std::vector<uint8_t> streamed(src.size() + offset), cached(src.size() + offset);
      REQUIRE(cdma::split::decode(ws, payload.data(), m, width, streamed.data() + offset, src.size()) == src.size());
      REQUIRE(cdma::split::decode_to_cache(ws, payload.data(), m, width, cached.data() + offset, src.size()) ==
              src.size());
      REQUIRE(std::equal(src.begin(), src.end(), streamed.begin() + static_cast<std::ptrdiff_t>(offset)));
      REQUIRE(cached == streamed);
    }
    std::vector<uint8_t> out(src.size());
    REQUIRE(cdma_is_error(cdma::split::decode_to_cache(ws, payload.data(), m - 1, width, out.data(), out.size())));
  }
}

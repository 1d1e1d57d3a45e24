// Golden frames: frames written by a released format version must decode
// forever (docs/format.md). The content is regenerated here from a
// self-contained generator, so the test needs only the committed frames.
// CDMA_WRITE_GOLDEN=1 unit_tests "[golden]" writes the frames of new entries;
// it never overwrites a committed frame.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "cdma/cdma.h"

namespace {

// xorshift64*: fixed arithmetic, identical on every compiler and library.
std::vector<uint8_t> golden_content(size_t bytes, unsigned width, unsigned zero_per_16, uint64_t seed) {
  std::vector<uint8_t> out(bytes, 0);
  uint64_t s = seed * 0x9E3779B97F4A7C15ULL + 1;
  auto next = [&s] {
    s ^= s >> 12;
    s ^= s << 25;
    s ^= s >> 27;
    return s * 0x2545F4914F6CDD1DULL;
  };
  for (size_t i = 0; i + width <= bytes; i += width) {
    if (next() % 16 < zero_per_16) continue;
    for (unsigned b = 0; b < width; ++b) out[i + b] = static_cast<uint8_t>(next() | (b == 0));
  }
  return out;
}

struct Golden {
  const char* name;
  unsigned width;
  size_t bytes;
  unsigned zero_per_16;
  int block_log;
  int checksum;
  int codec;
  bool metadata;
  int level = 0;  // 0: the default level
  int seek_table = 0;
  // False for frames an older encoder wrote: they must still decode, but
  // today's encoder (32 rANS lanes from 1 KiB at levels 2-4; lz4 alone on
  // masks it shrinks at level 3) writes
  // other bytes for that content, and a frame beside it records those.
  bool current_encoder = true;
};

const Golden kGolden[] = {
    {"v1_f32_meta.cdma", 4, 3 * 4096 + 1000, 9, 12, 1, CDMA_CODEC_AUTO, true},
    {"v1_u16_zero_store.cdma", 2, 2 * 4096 + 2 * 4096, 16, 12, 1, CDMA_CODEC_AUTO, false, 0, 0, false},
    {"v1_u16_zero_store_wide.cdma", 2, 2 * 4096 + 2 * 4096, 16, 12, 1, CDMA_CODEC_AUTO, false, 0, 0, false},
    // The same content once the default level stopped entropy-coding masks lz4 shrinks.
    {"v1_u16_zero_store_lz4_masks.cdma", 2, 2 * 4096 + 2 * 4096, 16, 12, 1, CDMA_CODEC_AUTO, false},
    {"v1_u8_nochecksum.cdma", 1, 5000, 12, 12, 0, CDMA_CODEC_ZVC, false},
    {"v1_f64_store.cdma", 8, 777, 8, 12, 1, CDMA_CODEC_STORE, false},
    {"v1_empty.cdma", 4, 0, 0, 17, 1, CDMA_CODEC_AUTO, false},
    {"v1_split_l3_f32.cdma", 4, 40000, 8, 13, 1, CDMA_CODEC_SPLIT, false, 3},
    {"v1_split_l9_u16.cdma", 2, 30000, 6, 13, 1, CDMA_CODEC_SPLIT, false, 9},
    {"v1_split_l2_f64.cdma", 8, 20000, 4, 13, 1, CDMA_CODEC_SPLIT, false, 2, 0, false},
    // Level 2 took the repeat mask (and lz4 alone on the masks) later.
    {"v1_split_l2_f64_repeat.cdma", 8, 20000, 4, 13, 1, CDMA_CODEC_SPLIT, false, 2},
    {"v1_zrle_f32.cdma", 4, 20000, 14, 12, 1, CDMA_CODEC_ZRLE, false},
    {"v1_zstd_f32.cdma", 4, 20000, 10, 12, 1, CDMA_CODEC_ZSTD, false},
    {"v1_lz4_f32.cdma", 4, 20000, 10, 12, 1, CDMA_CODEC_LZ4, false},
    {"v1_seek_f32.cdma", 4, 5 * 4096 + 10, 10, 12, 1, CDMA_CODEC_ZVC, false, 0, 1},
    // Split_Flags bit 1 (Match), added after 0.1.0: values from a small palette.
    {"v1_split_l5_f32_match.cdma", 4, 40000, 8, 13, 1, CDMA_CODEC_SPLIT, false, 5},
    // Written on ARM64 (scripts/test-arm64, under qemu): every architecture
    // must write these bytes, and x86-64 checks it on every test run.
    {"v1_arm64_split_l3_f32_match.cdma", 4, 60000, 8, 14, 1, CDMA_CODEC_SPLIT, false, 3},
    {"v1_arm64_split_l7_f32_match.cdma", 4, 60000, 8, 14, 1, CDMA_CODEC_SPLIT, false, 7},
    {"v1_arm64_auto_l4_u16_seek.cdma", 2, 30000, 10, 12, 1, CDMA_CODEC_AUTO, false, 4, 1},
};

std::vector<uint8_t> content_of(const Golden& g) {
  auto c = golden_content(g.bytes, g.width, g.zero_per_16, g.width * 1000 + g.bytes);
  // Match frames draw their nonzero values from 37 palette values, so most
  // recur within the match window.
  if (std::string(g.name).find("_match") != std::string::npos)
    for (size_t i = 0; i + g.width <= c.size(); i += g.width)
      if (c[i] != 0) {
        const uint32_t v = 0x3F800000u + (c[i + 1] % 37) * 0x1000u;
        std::memcpy(&c[i], &v, 4);
      }
  // The second golden frame mixes an all-zero block with a dense (stored) one.
  if (std::string(g.name).rfind("v1_u16_zero_store", 0) == 0) {
    auto dense = golden_content(2 * 4096, 2, 0, 5);
    std::copy(dense.begin(), dense.end(), c.begin() + 2 * 4096);
  }
  return c;
}

std::vector<uint8_t> make_frame(const Golden& g, const std::vector<uint8_t>& content) {
  cdma_cctx* c = cdma_cctx_create();
  cdma_cctx_set_param(c, CDMA_P_ELEMENT_WIDTH, g.width);
  cdma_cctx_set_param(c, CDMA_P_BLOCK_LOG, g.block_log);
  cdma_cctx_set_param(c, CDMA_P_CHECKSUM, g.checksum);
  cdma_cctx_set_param(c, CDMA_P_CODEC, g.codec);
  if (g.level) cdma_cctx_set_param(c, CDMA_P_LEVEL, g.level);
  cdma_cctx_set_param(c, CDMA_P_SEEK_TABLE, g.seek_table);
  if (g.metadata) {
    const uint64_t shape[2] = {3, g.bytes / 4 / 3};
    cdma_cctx_set_tensor(c, "f32", 1, shape, 2);
    cdma_cctx_set_file_prefix(c, "PREFIX-BYTES", 12);
  }
  std::vector<uint8_t> out(cdma_cctx_compress_bound(c, content.size()));
  out.resize(cdma_compress_cctx(c, out.data(), out.size(), content.data(), content.size()));
  cdma_cctx_free(c);
  return out;
}

}  // namespace

TEST_CASE("golden v1 frames decode to their content", "[golden]") {
  const bool write = std::getenv("CDMA_WRITE_GOLDEN") != nullptr;
  for (const Golden& g : kGolden) {
    INFO(g.name);
    const std::string path = std::string(CDMA_GOLDEN_DIR) + "/" + g.name;
    const auto content = content_of(g);
    if (write && g.current_encoder && !std::ifstream(path).good()) {
      const auto frame = make_frame(g, content);
      std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(frame.data()),
                                                  static_cast<std::streamsize>(frame.size()));
    }
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in.good());
    const std::vector<uint8_t> frame((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<uint8_t> back(content.size());
    REQUIRE(cdma_decompress(back.data(), back.size(), frame.data(), frame.size()) == content.size());
    REQUIRE(back == content);
    // Today's encoder still writes the same bytes; if this fails on purpose,
    // the old golden frames stay (current_encoder = false) and new ones are
    // added beside them.
    if (g.current_encoder) REQUIRE(make_frame(g, content) == frame);
  }
}

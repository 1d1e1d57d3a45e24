// The codecs' Workspace (codecs/workspace.hpp) against the bounds that the
// memory limits count (pipeline/block_codec.hpp): after coding blocks with
// any codec, level and width, a workspace holds no more than its bound, so
// a context within its limit really is.
#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

#include "cdma/cdma.h"
#include "codecs/workspace.hpp"
#include "pipeline/block_codec.hpp"
#include "support/sparse_gen.hpp"

using cdma::test::Layout;
using cdma::test::sparse_bytes;

namespace {

struct Setting {
  unsigned codec;
  int level;
};

// The codecs that keep memory in a workspace, at the levels that change it.
const std::vector<Setting> kSettings = {
    {CDMA_CODEC_AUTO, 2},  {CDMA_CODEC_AUTO, 3},  {CDMA_CODEC_AUTO, 5}, {CDMA_CODEC_AUTO, 7},
    {CDMA_CODEC_AUTO, 8},  {CDMA_CODEC_AUTO, 9},  {CDMA_CODEC_ZSTD, 1}, {CDMA_CODEC_ZSTD, 9},
    {CDMA_CODEC_LZ4, 3},   {CDMA_CODEC_LZ4, 9},
};

}  // namespace

TEST_CASE("a workspace holds no more than the memory limit counts", "[workspace][memory]") {
  for (const size_t block : {size_t{4096}, size_t{1} << 16}) {
    for (const unsigned width : {1u, 2u, 4u, 8u}) {
      for (const Setting& s : kSettings) {
        INFO("block " << block << ", width " << width << ", codec " << s.codec << ", level " << s.level);
        cdma::Workspace enc, dec;
        // Dense and sparse, random and clustered, and a short last block.
        for (const double density : {0.95, 0.3}) {
          for (const Layout layout : {Layout::kRandom, Layout::kClustered}) {
            for (const size_t size : {block, block / 2 + 3}) {
              const auto src = sparse_bytes(size, width, density, layout, size + width);
              std::vector<uint8_t> coded(size), back(size);
              const cdma::EncodedBlock e =
                  cdma::encode_block(enc, s.codec, s.level, width, src.data(), size, coded.data(), size);
              REQUIRE(cdma::decode_block(dec, e.codec, width, coded.data(), e.size, back.data(), size) == size);
              REQUIRE(back == src);
            }
          }
        }
        CHECK(enc.bytes() <= cdma::encode_workspace_bound(s.codec, s.level, width, block));
        CHECK(dec.bytes() <= cdma::decode_workspace_bound(width, block));
      }
    }
  }
}

TEST_CASE("a released workspace holds nothing and works again", "[workspace][memory]") {
  const auto src = sparse_bytes(1 << 16, 4, 0.5, Layout::kClustered, 7);
  std::vector<uint8_t> coded(src.size()), again(src.size());
  cdma::Workspace ws;
  CHECK(ws.bytes() == 0);
  const cdma::EncodedBlock e = cdma::encode_block(ws, CDMA_CODEC_AUTO, 8, 4, src.data(), src.size(), coded.data(),
                                                  coded.size());
  REQUIRE(e.codec == CDMA_CODEC_SPLIT);
  CHECK(ws.bytes() > src.size());  // buffers of about a block, and a zstd context
  ws.release();
  CHECK(ws.bytes() == 0);
  const cdma::EncodedBlock f = cdma::encode_block(ws, CDMA_CODEC_AUTO, 8, 4, src.data(), src.size(), again.data(),
                                                  again.size());
  REQUIRE(f.size == e.size);
  CHECK(std::equal(coded.begin(), coded.begin() + static_cast<std::ptrdiff_t>(e.size), again.begin()));
}

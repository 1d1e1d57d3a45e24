// Random access: cdma_decompress_range against slices of the one-shot
// output, with and without a seek table, and the seek table through the
// streaming decoder.
#include <random>
#include <vector>

#include <catch2/catch.hpp>

#include "cdma/cdma.h"
#include "support/sparse_gen.hpp"

using cdma::test::Layout;
using cdma::test::sparse_bytes;

namespace {
std::vector<uint8_t> compress(const std::vector<uint8_t>& src, bool seek) {
  cdma_cctx* c = cdma_cctx_create();
  REQUIRE(cdma_cctx_set_param(c, CDMA_P_BLOCK_LOG, 12) == 0);
  REQUIRE(cdma_cctx_set_param(c, CDMA_P_SEEK_TABLE, seek) == 0);
  std::vector<uint8_t> out(cdma_compress_bound(src.size()) + (src.size() / 4096 + 2) * 8);
  const size_t n = cdma_compress_cctx(c, out.data(), out.size(), src.data(), src.size());
  cdma_cctx_free(c);
  REQUIRE(!cdma_is_error(n));
  out.resize(n);
  return out;
}
}  // namespace

TEST_CASE("range decode equals slices of the full content", "[range]") {
  const bool seek = GENERATE(false, true);
  const auto src = sparse_bytes(20 * 4096 + 333, 4, 0.4, Layout::kClustered, 31);
  const auto frame = compress(src, seek);
  std::mt19937_64 rng(5);
  cdma_dctx* d = cdma_dctx_create();
  REQUIRE(cdma_dctx_set_param(d, CDMA_DP_THREADS, 2) == 0);
  for (int i = 0; i < 200; ++i) {
    const uint64_t off = rng() % (src.size() + 1);
    const uint64_t len = rng() % (src.size() - off + 1) % (3 * 4096 + 17);
    std::vector<uint8_t> out(len);
    INFO("offset " << off << " length " << len);
    REQUIRE(cdma_decompress_range(i % 2 ? d : nullptr, out.data(), out.size(), frame.data(), frame.size(), off,
                                  len) == len);
    REQUIRE(std::equal(out.begin(), out.end(), src.begin() + static_cast<long>(off)));
  }
  std::vector<uint8_t> out(10);
  REQUIRE(cdma_get_error_code(cdma_decompress_range(d, out.data(), 10, frame.data(), frame.size(),
                                                    src.size() - 5, 10)) == CDMA_ERROR_parameter_out_of_bound);
  REQUIRE(cdma_get_error_code(cdma_decompress_range(d, out.data(), 5, frame.data(), frame.size(), 0, 10)) ==
          CDMA_ERROR_dst_too_small);
  cdma_dctx_free(d);
}

TEST_CASE("a seek table is checked and its block checksums catch corruption", "[range]") {
  const auto src = sparse_bytes(6 * 4096, 4, 0.5, Layout::kRandom, 8);
  const auto frame = compress(src, true);
  std::vector<uint8_t> back(src.size());
  REQUIRE(cdma_decompress(back.data(), back.size(), frame.data(), frame.size()) == src.size());
  REQUIRE(back == src);
  // A block checksum in the table that does not match its block.
  auto bad = frame;
  bad[bad.size() - 8 - 4] ^= 1;  // last entry's checksum
  std::vector<uint8_t> out(100);
  REQUIRE(cdma_get_error_code(cdma_decompress_range(nullptr, out.data(), 100, bad.data(), bad.size(),
                                                    5 * 4096, 100)) == CDMA_ERROR_checksum_wrong);
  // The footer's block count must match the blocks.
  bad = frame;
  bad[bad.size() - 8] ^= 1;
  REQUIRE(cdma_get_error_code(cdma_decompress(back.data(), back.size(), bad.data(), bad.size())) ==
          CDMA_ERROR_corruption_detected);
  // The streaming decoder reads past the table, and checks it.
  cdma_dctx* d = cdma_dctx_create();
  cdma_in_buffer in{frame.data(), frame.size(), 0};
  cdma_out_buffer o{back.data(), back.size(), 0};
  REQUIRE(cdma_decompress_stream(d, &o, &in) == 0);
  REQUIRE(in.pos == frame.size());
  REQUIRE(cdma_dctx_reset(d) == 0);
  cdma_in_buffer in2{bad.data(), bad.size(), 0};
  o.pos = 0;
  REQUIRE(cdma_get_error_code(cdma_decompress_stream(d, &o, &in2)) == CDMA_ERROR_corruption_detected);
  cdma_dctx_free(d);
}

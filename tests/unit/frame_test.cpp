// Frame v1 through the C API: round trips across blocks, bounded expansion,
// and the specific error for every truncation and bit flip of a small frame.
#include <cstring>
#include <set>
#include <vector>

#include <catch2/catch.hpp>

#include "cdma/cdma.h"
#include "support/sparse_gen.hpp"

using cdma::test::Layout;
using cdma::test::sparse_bytes;

namespace {

std::vector<uint8_t> compress(const std::vector<uint8_t>& src, int width, int block_log = 12,
                              int codec = CDMA_CODEC_AUTO) {
  cdma_cctx* c = cdma_cctx_create();
  REQUIRE(cdma_cctx_set_param(c, CDMA_P_ELEMENT_WIDTH, width) == 0);
  REQUIRE(cdma_cctx_set_param(c, CDMA_P_BLOCK_LOG, block_log) == 0);
  REQUIRE(cdma_cctx_set_param(c, CDMA_P_CODEC, codec) == 0);
  std::vector<uint8_t> out(cdma_compress_bound(src.size()));
  const size_t n = cdma_compress_cctx(c, out.data(), out.size(), src.data(), src.size());
  cdma_cctx_free(c);
  REQUIRE(!cdma_is_error(n));
  out.resize(n);
  return out;
}

cdma_error_code decode_error(const std::vector<uint8_t>& frame, size_t size, size_t cap) {
  std::vector<uint8_t> out(cap);
  const size_t r = cdma_decompress(out.data(), out.size(), frame.data(), size);
  return cdma_get_error_code(r);
}

}  // namespace

TEST_CASE("frames round-trip across block boundaries", "[frame]") {
  const int width = GENERATE(1, 2, 4, 8);
  for (size_t len : {size_t{0}, size_t{1}, size_t{4095}, size_t{4096}, size_t{4097}, size_t{3 * 4096 + 7},
                     size_t{100000}}) {
    INFO("length " << len);
    const auto src = sparse_bytes(len, static_cast<unsigned>(width), 0.4, Layout::kClustered, len);
    const auto frame = compress(src, width);
    REQUIRE(cdma_get_content_size(frame.data(), frame.size()) == len);
    REQUIRE(cdma_find_frame_compressed_size(frame.data(), frame.size()) == frame.size());
    std::vector<uint8_t> back(len);
    REQUIRE(cdma_decompress(back.data(), back.size(), frame.data(), frame.size()) == len);
    REQUIRE(back == src);
  }
}

TEST_CASE("incompressible input expands by exactly what the bound promises", "[frame]") {
  const size_t len = GENERATE(size_t{0}, size_t{1}, size_t{4096}, size_t{4097}, size_t{1} << 20);
  const auto src = sparse_bytes(len, 1, 1.0, Layout::kRandom, 3);
  const auto frame = compress(src, 1, 12);
  const size_t blocks = len == 0 ? 1 : (len + 4095) / 4096;
  REQUIRE(frame.size() == len + 12 * blocks + 32);
  REQUIRE(frame.size() == cdma_compress_bound(len));
  // A compressible input stays well within the bound with the default block size.
  const auto sparse = sparse_bytes(len, 4, 0.1, Layout::kRandom, 3);
  std::vector<uint8_t> out(cdma_compress_bound(len));
  REQUIRE(cdma_compress(out.data(), out.size(), sparse.data(), sparse.size(), 4, 0) <= out.size());
}

TEST_CASE("all-zero blocks cost only their header", "[frame]") {
  const std::vector<uint8_t> zeros(5 * 4096, 0);
  const auto frame = compress(zeros, 4, 12);
  REQUIRE(frame.size() == 24 + 5 * 12 + 8);
  std::vector<uint8_t> back(zeros.size(), 1);
  REQUIRE(cdma_decompress(back.data(), back.size(), frame.data(), frame.size()) == zeros.size());
  REQUIRE(back == zeros);
}

TEST_CASE("codec store keeps bytes as they are", "[frame]") {
  const auto src = sparse_bytes(10000, 4, 0.1, Layout::kRandom, 5);
  const auto frame = compress(src, 4, 12, CDMA_CODEC_STORE);
  REQUIRE(frame.size() == src.size() + 3 * 12 + 32);
  std::vector<uint8_t> back(src.size());
  REQUIRE(cdma_decompress(back.data(), back.size(), frame.data(), frame.size()) == src.size());
  REQUIRE(back == src);
}

TEST_CASE("decompress refuses a destination that is too small before writing", "[frame]") {
  const auto src = sparse_bytes(9000, 4, 0.5, Layout::kRandom, 11);
  const auto frame = compress(src, 4);
  std::vector<uint8_t> out(src.size() - 1, 0x5A);
  const size_t r = cdma_decompress(out.data(), out.size(), frame.data(), frame.size());
  REQUIRE(cdma_get_error_code(r) == CDMA_ERROR_dst_too_small);
  for (uint8_t b : out) REQUIRE(b == 0x5A);
}

TEST_CASE("every truncation of a valid frame is an error", "[frame]") {
  const auto src = sparse_bytes(3 * 4096 + 100, 4, 0.3, Layout::kClustered, 13);
  const auto frame = compress(src, 4);
  for (size_t len = 0; len < frame.size(); ++len) {
    INFO("truncated to " << len);
    const cdma_error_code e = decode_error(frame, len, src.size());
    REQUIRE(e == CDMA_ERROR_src_size_wrong);
  }
  // Trailing garbage is also reported, not ignored.
  auto longer = frame;
  longer.push_back(0);
  REQUIRE(decode_error(longer, longer.size(), src.size()) == CDMA_ERROR_src_size_wrong);
}

TEST_CASE("1-3 bytes that do not start like the magic are not a frame", "[frame]") {
  // As ZSTD_getFrameHeader checks a short input: zero padding after a frame
  // is prefix_unknown, and only a real frame's first bytes are a truncation.
  const auto frame = compress(sparse_bytes(4096, 4, 0.3, Layout::kClustered, 5), 4);
  for (size_t n = 1; n <= 3; ++n) {
    INFO(n << " bytes");
    const std::vector<uint8_t> zeros(n, 0);
    cdma_frame_info info;
    REQUIRE(cdma_get_error_code(cdma_get_frame_info(&info, sizeof info, zeros.data(), n)) ==
            CDMA_ERROR_prefix_unknown);
    REQUIRE(cdma_get_error_code(cdma_get_frame_info(&info, sizeof info, frame.data(), n)) ==
            CDMA_ERROR_src_size_wrong);
    cdma_dctx* d = cdma_dctx_create();
    std::vector<uint8_t> buf(16);
    cdma_in_buffer in{zeros.data(), n, 0};
    cdma_out_buffer o{buf.data(), buf.size(), 0};
    REQUIRE(cdma_get_error_code(cdma_decompress_stream(d, &o, &in)) == CDMA_ERROR_prefix_unknown);
    cdma_dctx_free(d);
  }
}

TEST_CASE("every single-bit flip gives a specific error, never wrong data", "[frame]") {
  const auto src = sparse_bytes(2 * 4096 + 50, 4, 0.3, Layout::kRandom, 17);
  const auto frame = compress(src, 4);
  const size_t header_end = 24;
  const size_t checksum_start = frame.size() - 8;
  for (size_t byte = 0; byte < frame.size(); ++byte) {
    for (int bit = 0; bit < 8; ++bit) {
      auto bad = frame;
      bad[byte] ^= static_cast<uint8_t>(1u << bit);
      INFO("byte " << byte << " bit " << bit);
      const cdma_error_code e = decode_error(bad, bad.size(), src.size());
      if (byte < 4) {
        REQUIRE(e == CDMA_ERROR_prefix_unknown);
      } else if (byte == 4) {
        REQUIRE(e == CDMA_ERROR_version_unsupported);
      } else if (byte < header_end) {
        // Setting the metadata flag makes the decoder read a metadata size
        // from the checksum field, so that size is rejected before any
        // checksum can be computed.
        const std::set<cdma_error_code> ok = {
            CDMA_ERROR_header_checksum_wrong, CDMA_ERROR_reserved_bits_set,
            CDMA_ERROR_corruption_detected, CDMA_ERROR_src_size_wrong};
        REQUIRE(ok.count(e) == 1);
      } else if (byte >= checksum_start) {
        REQUIRE(e == CDMA_ERROR_checksum_wrong);
      } else {
        const std::set<cdma_error_code> ok = {
            CDMA_ERROR_checksum_wrong, CDMA_ERROR_corruption_detected, CDMA_ERROR_src_size_wrong,
            CDMA_ERROR_reserved_bits_set, CDMA_ERROR_codec_unknown};
        REQUIRE(ok.count(e) == 1);
      }
    }
  }
}

TEST_CASE("unknown versions, codecs and reserved bits are rejected by name", "[frame]") {
  const auto src = sparse_bytes(5000, 4, 0.3, Layout::kRandom, 19);
  const auto frame = compress(src, 4);
  auto bad = frame;
  bad[24] = 200;  // first block's codec id
  REQUIRE(decode_error(bad, bad.size(), src.size()) == CDMA_ERROR_codec_unknown);
  bad = frame;
  bad[25] |= 0x40;  // block flags reserved bit
  REQUIRE(decode_error(bad, bad.size(), src.size()) == CDMA_ERROR_reserved_bits_set);
  bad = frame;
  bad[5] |= 0x80;  // frame flags reserved bit
  REQUIRE(decode_error(bad, bad.size(), src.size()) == CDMA_ERROR_reserved_bits_set);
  bad = frame;
  bad[4] = 2;
  REQUIRE(decode_error(bad, bad.size(), src.size()) == CDMA_ERROR_version_unsupported);
}

TEST_CASE("output bytes are identical for any thread count, both ways", "[frame][threads]") {
  const auto src = sparse_bytes(37 * 4096 + 123, 4, 0.4, Layout::kClustered, 23);
  std::vector<uint8_t> reference;
  for (int threads : {1, 2, 4, 0}) {
    cdma_cctx* c = cdma_cctx_create();
    REQUIRE(cdma_cctx_set_param(c, CDMA_P_BLOCK_LOG, 12) == 0);
    REQUIRE(cdma_cctx_set_param(c, CDMA_P_THREADS, threads) == 0);
    std::vector<uint8_t> out(cdma_compress_bound(src.size()));
    const size_t n = cdma_compress_cctx(c, out.data(), out.size(), src.data(), src.size());
    cdma_cctx_free(c);
    REQUIRE(!cdma_is_error(n));
    out.resize(n);
    if (reference.empty()) reference = out;
    REQUIRE(out == reference);

    cdma_dctx* d = cdma_dctx_create();
    REQUIRE(cdma_dctx_set_param(d, CDMA_DP_THREADS, threads) == 0);
    std::vector<uint8_t> back(src.size());
    REQUIRE(cdma_decompress_dctx(d, back.data(), back.size(), out.data(), out.size()) == src.size());
    REQUIRE(back == src);
    // A corrupt block is reported whichever thread decodes it.
    auto bad = out;
    bad[bad.size() / 2] ^= 0x10;
    REQUIRE(cdma_is_error(cdma_decompress_dctx(d, back.data(), back.size(), bad.data(), bad.size())));
    cdma_dctx_free(d);
  }
}

// Error contract, memory: a frame that claims huge sizes fails before
// anything is allocated from them, and what a decoder allocates is bounded
// by what the caller allows (the destination it passes, the C++ wrapper's
// max_size, the streaming decoder's CDMA_DP_MEMORY_LIMIT). The bounds
// checked here are the ones docs/format.md states in "Decoder guarantees and
// limits".
#include <catch2/catch.hpp>
#include <vector>

#include "alloc_counter.hpp"
#include "cdma/cdma.hpp"
#include "frame/frame_codec.hpp"
#include "frame/frame_format.hpp"
#include "frame/frame_header.hpp"
#include "frames.hpp"

using namespace cdma::test;
namespace frame = cdma::frame;

namespace {

// A header with a valid checksum and whatever sizes the test claims,
// followed by `zero_blocks` blocks of codec ZERO (12 bytes each, each
// claiming a whole block of content). No content checksum.
std::vector<uint8_t> forged(uint64_t content_size, unsigned block_log, size_t zero_blocks,
                            const frame::TensorMeta& meta = {}) {
  frame::Header h;
  h.flags = 0;
  h.element_width = 4;
  h.block_log = block_log;
  h.content_size = content_size;
  std::vector<uint8_t> out(frame::header_size(meta) + zero_blocks * frame::kBlockHeaderSize);
  size_t pos = frame::write_header(out.data(), h, meta);
  for (size_t i = 0; i < zero_blocks; ++i) {
    frame::BlockHeader b;
    b.codec = CDMA_CODEC_ZERO;
    b.last = i + 1 == zero_blocks;
    b.raw_size = 1u << block_log;
    frame::write_block_header(out.data() + pos, b);
    pos += frame::kBlockHeaderSize;
  }
  return out;
}

}  // namespace

TEST_CASE("a header claiming 2^62 bytes fails before any allocation", "[contract][memory]") {
  const std::vector<uint8_t> f = forged(uint64_t{1} << 62, 24, 1);
  std::vector<uint8_t> dst(1024);
  AllocPeak one_shot;
  REQUIRE(cdma_get_error_code(cdma_decompress(dst.data(), dst.size(), f.data(), f.size())) ==
          CDMA_ERROR_dst_too_small);
  CHECK(one_shot.peak() == 0);

  // The C++ wrapper walks the blocks first: the claim does not match them.
  AllocPeak wrapper;
  REQUIRE_THROWS_AS(cdma::decompress(f), cdma::Error);
  CHECK(wrapper.peak() < 4096);
}

TEST_CASE("blocks that really claim 16 GiB are refused under a caller limit", "[contract][memory]") {
  // 1024 ZERO blocks of 16 MiB: a 12 KiB frame that honestly decodes to 16 GiB.
  const std::vector<uint8_t> f = forged(uint64_t{1024} << 24, 24, 1024);
  AllocPeak wrapper;
  try {
    (void)cdma::decompress(f, uint64_t{64} << 20);
    FAIL("a 16 GiB frame decoded under a 64 MiB limit");
  } catch (const cdma::Error& e) {
    CHECK(e.code() == CDMA_ERROR_memory_limit_exceeded);
  }
  // The block walk's index is the only allocation: a few words per block.
  CHECK(wrapper.peak() < 64 * 1024);

  std::vector<uint8_t> dst(1 << 20);
  AllocPeak range;
  const size_t r = cdma_decompress_range(nullptr, dst.data(), dst.size(), f.data(), f.size(),
                                         uint64_t{1000} << 24, 1 << 20);
  REQUIRE(r == dst.size());
  // The range plus at most two whole blocks of scratch, plus the index.
  CHECK(range.peak() <= (1u << 20) + 2 * (1u << 24) + 64 * 1024);
}

TEST_CASE("a streaming decoder stays within its memory limit", "[contract][memory]") {
  for (unsigned block_log : {12u, 16u, 20u}) {
    const std::vector<uint8_t> f = forged(uint64_t{8} << block_log, block_log, 8);
    for (int64_t limit : {int64_t{1} << 13, int64_t{1} << 16, int64_t{1} << 21, int64_t{1} << 23}) {
      INFO("Block_Log " << block_log << ", limit " << limit);
      AllocPeak peak;
      const Decoded d = decode_streaming(f.data(), f.size(), 4096, limit);
      // A payload and a decoded block, and the codecs' workspace, which
      // the limit counts although these ZERO blocks leave it unused.
      const size_t block = size_t{1} << block_log;
      if (2 * block + frame::decode_workspace_bound(4, block) > static_cast<uint64_t>(limit)) {
        REQUIRE(cdma_get_error_code(d.result) == CDMA_ERROR_memory_limit_exceeded);
      } else {
        REQUIRE(d.result == 0);
        REQUIRE(d.out.size() == size_t{8} << block_log);
      }
      // The decoder's working memory, apart from the test's own output
      // vector and copy buffer, which grow with what it emits.
      const size_t test_side = 2 * d.out.capacity() + 4096;
      CHECK(peak.peak() <= static_cast<size_t>(limit) + test_side + 16 * 1024);
    }
  }
}

TEST_CASE("a streaming decoder refuses a block size above its limit before allocating", "[contract][memory]") {
  const std::vector<uint8_t> f = forged(uint64_t{1} << 24, 24, 1);
  cdma_dctx* d = cdma_dctx_create();
  REQUIRE(cdma_dctx_set_param(d, CDMA_DP_MEMORY_LIMIT, 1 << 20) == 0);
  std::vector<uint8_t> out(4096);
  cdma_in_buffer in{f.data(), f.size(), 0};
  cdma_out_buffer o{out.data(), out.size(), 0};
  AllocPeak peak;
  REQUIRE(cdma_get_error_code(cdma_decompress_stream(d, &o, &in)) == CDMA_ERROR_memory_limit_exceeded);
  CHECK(peak.peak() < 4096);
  cdma_dctx_free(d);
}

TEST_CASE("one-shot decoding allocates only its block index", "[contract][memory]") {
  for (const SampleFrame& s : sample_frames(false)) {
    INFO(s.name);
    std::vector<uint8_t> dst(s.content.size());
    AllocPeak peak;
    REQUIRE(cdma_decompress(dst.data(), dst.size(), s.frame.data(), s.frame.size()) == s.content.size());
    // Under 80 bytes per block (24-byte index entries while the vector
    // doubles, an 8-byte result each), and a block takes at least 12 bytes.
    CHECK(peak.peak() <= 7 * s.frame.size() + 1024);
  }
}

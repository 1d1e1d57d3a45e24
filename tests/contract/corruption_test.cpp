// Error contract, corruption: a bit flipped anywhere in a valid frame is an
// error, never wrong data, with content checksums on (the default). Small
// frames are tried at every bit; a larger sample at random bits and bytes.
// Frames of canonical codecs (frames.hpp) must fail on every change; in LZ
// streams a change can re-encode the same content, which must then decode
// to exactly that content.
//
// One field is not read by whole-frame decoding: a seek table's
// Block_Checksum, which only random access uses (docs/format.md, "Decoder
// guarantees and limits"). A flip there must leave whole-frame decoding
// correct and make range decoding of that block fail.
#include <catch2/catch.hpp>
#include <random>

#include "frames.hpp"

using namespace cdma::test;

namespace {

// Offset of the seek table's first entry: it ends the frame, 8 bytes per
// block and an 8-byte footer.
size_t seek_table_start(const SampleFrame& f, size_t* blocks) {
  const uint8_t* footer = f.frame.data() + f.frame.size() - 8;
  *blocks = footer[0] | footer[1] << 8 | footer[2] << 16 | static_cast<size_t>(footer[3]) << 24;
  return f.frame.size() - 8 - 8 * *blocks;
}

// True when byte `at` lies in a Block_Checksum of the seek table; *block says whose.
bool in_block_checksum(const SampleFrame& f, size_t at, size_t* block) {
  if (!f.seek_table) return false;
  size_t blocks = 0;
  const size_t start = seek_table_start(f, &blocks);
  if (at < start || at >= start + 8 * blocks || (at - start) % 8 < 4) return false;
  *block = (at - start) / 8;
  return true;
}

void check_corrupt(const SampleFrame& f, const std::vector<uint8_t>& bad, size_t at) {
  const Decoded one = decode_one_shot(bad, bad.size(), f.content.size());
  const Decoded streamed = decode_streaming(bad.data(), bad.size(), 4096);
  size_t block = 0;
  if (in_block_checksum(f, at, &block)) {
    REQUIRE(one.out == f.content);
    const size_t block_size = 4096;  // every sample with a table uses Block_Log 12
    const size_t off = block * block_size;
    const size_t len = std::min(block_size, f.content.size() - off);
    std::vector<uint8_t> part(len);
    const size_t r = cdma_decompress_range(nullptr, part.data(), len, bad.data(), bad.size(), off, len);
    REQUIRE(cdma_get_error_code(r) == CDMA_ERROR_checksum_wrong);
    return;
  }
  // Streaming output before the end of a frame is provisional; the final
  // verdict must not be "complete": an error, or (a size field now pointing
  // past the end) a request for more input, which at end of input is a
  // truncated stream.
  if (f.canonical) {
    REQUIRE(cdma_is_error(one.result));
    REQUIRE(streamed.result != 0);
  } else {
    // Never wrong data: an error, or the very same content.
    REQUIRE((cdma_is_error(one.result) || one.out == f.content));
    REQUIRE((streamed.result != 0 || streamed.out == f.content));
  }
}

}  // namespace

TEST_CASE("content checksums are on by default", "[contract][corruption]") {
  const std::vector<uint8_t> src(1000, 1);
  std::vector<uint8_t> frame(cdma_compress_bound(src.size()));
  frame.resize(cdma_compress(frame.data(), frame.size(), src.data(), src.size(), 4, 0));
  cdma_frame_info info;
  REQUIRE(!cdma_is_error(cdma_get_frame_info(&info, sizeof info, frame.data(), frame.size())));
  REQUIRE(info.has_checksum == 1);
  cdma_cctx* c = cdma_cctx_create();
  int64_t v = 0;
  REQUIRE(cdma_cctx_get_param(c, CDMA_P_CHECKSUM, &v) == 0);
  REQUIRE(v == 1);
  cdma_cctx_free(c);
}

TEST_CASE("every single-bit flip of a small frame is an error", "[contract][corruption]") {
  for (const SampleFrame& f : sample_frames(true)) {
    if (!f.checksum) continue;  // without a checksum a flipped value can decode
    INFO(f.name << ", frame of " << f.frame.size() << " bytes");
    std::vector<uint8_t> bad = f.frame;
    for (size_t at = 0; at < bad.size(); ++at) {
      for (int bit = 0; bit < 8; ++bit) {
        INFO("byte " << at << " bit " << bit);
        bad[at] ^= static_cast<uint8_t>(1u << bit);
        check_corrupt(f, bad, at);
        bad[at] ^= static_cast<uint8_t>(1u << bit);
      }
    }
  }
}

TEST_CASE("random flips and overwritten bytes in larger frames are errors", "[contract][corruption]") {
  std::mt19937 rng(12345);
  for (const SampleFrame& f : sample_frames(false)) {
    if (!f.checksum) continue;
    INFO(f.name);
    for (int trial = 0; trial < 300; ++trial) {
      std::vector<uint8_t> bad = f.frame;
      const size_t at = rng() % bad.size();
      const uint8_t old = bad[at];
      // Single flips, and whole bytes replaced by a different value.
      bad[at] = trial % 2 ? static_cast<uint8_t>(old ^ (1u << (rng() % 8)))
                          : static_cast<uint8_t>(old + 1 + rng() % 255);
      INFO("byte " << at << ": " << int(old) << " -> " << int(bad[at]));
      check_corrupt(f, bad, at);
    }
  }
}

// Error contract, truncation: every proper prefix of a valid frame is an
// error for every decoder, never a success with fewer bytes. A streaming
// decoder given a prefix never reports the frame complete, and what it has
// emitted by then is a prefix of the true content.
#include <catch2/catch.hpp>

#include "frames.hpp"

using namespace cdma::test;

TEST_CASE("every truncation of a valid frame is an error", "[contract][truncation]") {
  for (const SampleFrame& f : sample_frames(false)) {
    INFO(f.name << ", frame of " << f.frame.size() << " bytes");
    // The whole frame decodes: the samples themselves are right.
    const Decoded whole = decode_one_shot(f.frame, f.frame.size(), f.content.size());
    REQUIRE(whole.result == f.content.size());
    REQUIRE(whole.out == f.content);
    for (size_t cut = 0; cut < f.frame.size(); ++cut) {
      INFO("cut to " << cut << " bytes");
      const Decoded d = decode_one_shot(f.frame, cut, f.content.size());
      REQUIRE(cdma_is_error(d.result));
      REQUIRE(cdma_is_error(cdma_find_frame_compressed_size(f.frame.data(), cut)));
      if (cut > 0 && f.seek_table) {
        std::vector<uint8_t> part(f.content.size());
        REQUIRE(cdma_is_error(cdma_decompress_range(nullptr, part.data(), part.size(), f.frame.data(), cut, 0,
                                                    f.content.size())));
      }
    }
  }
}

TEST_CASE("a streaming decoder never completes a truncated frame", "[contract][truncation]") {
  for (const SampleFrame& f : sample_frames(false)) {
    INFO(f.name);
    for (size_t chunk : {size_t{1}, size_t{7}, size_t{4096}}) {
      // Every cut for the 4 KiB chunks, a stride for the slow byte-at-a-time feed.
      const size_t step = chunk == 1 ? 97 : 1;
      for (size_t cut = 1; cut < f.frame.size(); cut += step) {
        INFO("cut to " << cut << " bytes, chunks of " << chunk);
        const Decoded d = decode_streaming(f.frame.data(), cut, chunk);
        REQUIRE(d.result != 0);  // an error, or a hint asking for more
        REQUIRE(d.out.size() <= f.content.size());
        REQUIRE(std::equal(d.out.begin(), d.out.end(), f.content.begin()));
      }
    }
  }
}

TEST_CASE("a cut inside the second of two concatenated frames is incomplete", "[contract][truncation]") {
  const std::vector<SampleFrame> frames = sample_frames(true);
  const SampleFrame& f = frames.front();
  std::vector<uint8_t> two = f.frame;
  two.insert(two.end(), f.frame.begin(), f.frame.end());
  for (size_t cut = f.frame.size() + 1; cut < two.size(); ++cut) {
    INFO("cut to " << cut);
    REQUIRE(decode_streaming(two.data(), cut, 4096).result != 0);
  }
  const Decoded d = decode_streaming(two.data(), two.size(), 4096);
  REQUIRE(d.result == 0);
  REQUIRE(d.out.size() == 2 * f.content.size());
}

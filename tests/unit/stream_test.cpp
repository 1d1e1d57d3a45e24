// Streaming API: any chunk sizes (down to one byte) give the one-shot bytes,
// concatenated frames decode as one stream, memory limits are enforced.
#include <algorithm>
#include <random>
#include <vector>

#include <catch2/catch.hpp>

#include "cdma/cdma.h"
#include "support/sparse_gen.hpp"

using cdma::test::Layout;
using cdma::test::sparse_bytes;

namespace {

// Streams `src` through cctx with chunk sizes drawn by `rng` in [1, max_chunk].
std::vector<uint8_t> stream_compress(cdma_cctx* c, const std::vector<uint8_t>& src, std::mt19937& rng,
                                     size_t max_chunk) {
  std::uniform_int_distribution<size_t> chunk(1, max_chunk);
  std::vector<uint8_t> out;
  std::vector<uint8_t> buf(max_chunk);
  size_t fed = 0;
  for (;;) {
    const size_t in_end = std::min(src.size(), fed + chunk(rng));
    cdma_in_buffer in{src.data() + fed, in_end - fed, 0};
    const bool last = in_end == src.size();
    size_t r;
    do {
      cdma_out_buffer o{buf.data(), chunk(rng), 0};
      r = cdma_compress_stream(c, &o, &in, last ? CDMA_E_END : CDMA_E_CONTINUE);
      REQUIRE(!cdma_is_error(r));
      out.insert(out.end(), buf.begin(), buf.begin() + static_cast<long>(o.pos));
    } while (r != 0 || in.pos < in.size);
    fed = in_end;
    if (last) return out;
  }
}

std::vector<uint8_t> stream_decompress(cdma_dctx* d, const std::vector<uint8_t>& frame, std::mt19937& rng,
                                       size_t max_chunk, size_t* last_result) {
  std::uniform_int_distribution<size_t> chunk(1, max_chunk);
  std::vector<uint8_t> out, buf(max_chunk);
  size_t fed = 0, r = 0;
  while (fed < frame.size() || r != 0) {
    const size_t in_end = std::min(frame.size(), fed + chunk(rng));
    cdma_in_buffer in{frame.data() + fed, in_end - fed, 0};
    cdma_out_buffer o{buf.data(), chunk(rng), 0};
    r = cdma_decompress_stream(d, &o, &in);
    if (cdma_is_error(r)) {
      *last_result = r;
      return out;
    }
    out.insert(out.end(), buf.begin(), buf.begin() + static_cast<long>(o.pos));
    fed += in.pos;
    if (in.pos == 0 && o.pos == 0 && fed == frame.size() && r != 0) break;  // truncated: no progress
  }
  *last_result = r;
  return out;
}

}  // namespace

TEST_CASE("streaming in random chunks gives the one-shot bytes", "[stream]") {
  const size_t max_chunk = GENERATE(size_t{1}, size_t{7}, size_t{5000}, size_t{200000});
  const int threads = GENERATE(1, 2);
  std::mt19937 rng(static_cast<unsigned>(max_chunk * 10 + threads));
  for (size_t len : {size_t{0}, size_t{1}, size_t{4096}, size_t{4096 * 9}, size_t{300001}}) {
    if (max_chunk == 1 && len > 40000) continue;  // byte-at-a-time is slow; 1-byte chunks covered below
    INFO("len " << len << " chunk " << max_chunk << " threads " << threads);
    const auto src = sparse_bytes(len, 4, 0.4, Layout::kClustered, len + 1);
    cdma_cctx* c = cdma_cctx_create();
    REQUIRE(cdma_cctx_set_param(c, CDMA_P_BLOCK_LOG, 12) == 0);
    REQUIRE(cdma_cctx_set_param(c, CDMA_P_THREADS, threads) == 0);
    std::vector<uint8_t> one(cdma_compress_bound(len));
    one.resize(cdma_compress_cctx(c, one.data(), one.size(), src.data(), src.size()));
    REQUIRE(cdma_cctx_set_pledged_size(c, len) == 0);
    const auto streamed = stream_compress(c, src, rng, max_chunk);
    REQUIRE(streamed == one);
    // Without a pledge the header says "size unknown"; the content is the same.
    const auto unknown = stream_compress(c, src, rng, max_chunk);
    REQUIRE(cdma_get_content_size(unknown.data(), unknown.size()) == CDMA_CONTENTSIZE_UNKNOWN);
    cdma_cctx_free(c);

    cdma_dctx* d = cdma_dctx_create();
    REQUIRE(cdma_dctx_set_param(d, CDMA_DP_THREADS, threads) == 0);
    size_t r = 1;
    REQUIRE(stream_decompress(d, unknown, rng, max_chunk, &r) == src);
    REQUIRE(r == 0);
    std::vector<uint8_t> back(len);
    REQUIRE(cdma_decompress(back.data(), back.size(), unknown.data(), unknown.size()) == len);
    cdma_dctx_free(d);
  }
}

// With 4 KiB blocks and one thread a batch is 8 blocks (32 KiB).
TEST_CASE("a pledge lets whole blocks be coded from the caller's buffer, none held back", "[stream]") {
  constexpr size_t kBlock = 4096, kBlocks = 64;
  const auto src = sparse_bytes(kBlock * kBlocks, 4, 0.4, Layout::kClustered, 7);
  cdma_cctx* c = cdma_cctx_create();
  REQUIRE(cdma_cctx_set_param(c, CDMA_P_BLOCK_LOG, 12) == 0);
  REQUIRE(cdma_cctx_set_pledged_size(c, src.size()) == 0);
  // Two batches exactly: more input follows (the pledge says so), so all 16
  // blocks go out now; without the pledge's word the last one would wait
  // in the context for more input.
  std::vector<uint8_t> out(cdma_compress_bound(src.size()));
  cdma_out_buffer o{out.data(), out.size(), 0};
  cdma_in_buffer in{src.data(), 16 * kBlock, 0};
  REQUIRE(cdma_compress_stream(c, &o, &in, CDMA_E_CONTINUE) == 0);
  REQUIRE(in.pos == in.size);
  cdma_dctx* d = cdma_dctx_create();
  std::vector<uint8_t> back(src.size());
  cdma_out_buffer bo{back.data(), back.size(), 0};
  cdma_in_buffer bi{out.data(), o.pos, 0};
  REQUIRE(!cdma_is_error(cdma_decompress_stream(d, &bo, &bi)));
  REQUIRE(bo.pos == 16 * kBlock);
  REQUIRE(std::equal(back.begin(), back.begin() + 16 * kBlock, src.begin()));
  cdma_dctx_free(d);
  // The rest, and the frame is the one-shot frame.
  in = {src.data(), src.size(), in.pos};
  while (cdma_compress_stream(c, &o, &in, CDMA_E_END) != 0) {
  }
  std::vector<uint8_t> one(cdma_compress_bound(src.size()));
  one.resize(cdma_compress_cctx(c, one.data(), one.size(), src.data(), src.size()));
  REQUIRE(std::vector<uint8_t>(out.begin(), out.begin() + static_cast<long>(o.pos)) == one);
  cdma_cctx_free(c);
}

TEST_CASE("CONTINUE returns, input left, when the output cannot take the next batch whole", "[stream]") {
  constexpr size_t kBlock = 4096;
  // Incompressible: every block codes to its worst case.
  const auto src = sparse_bytes(kBlock * 64, 4, 1.0, Layout::kRandom, 8);
  cdma_cctx* c = cdma_cctx_create();
  REQUIRE(cdma_cctx_set_param(c, CDMA_P_BLOCK_LOG, 12) == 0);
  REQUIRE(cdma_cctx_set_pledged_size(c, src.size()) == 0);
  std::vector<uint8_t> frame, buf(12 * (kBlock + 64));  // a batch and a half
  cdma_in_buffer in{src.data(), src.size(), 0};
  // One call into a fresh `buf`, its output appended to `frame`.
  const auto call = [&](cdma_end_directive directive) {
    cdma_out_buffer o{buf.data(), buf.size(), 0};
    const size_t r = cdma_compress_stream(c, &o, &in, directive);
    REQUIRE(!cdma_is_error(r));
    frame.insert(frame.end(), buf.begin(), buf.begin() + static_cast<long>(o.pos));
    return r;
  };
  size_t calls = 0;
  do {
    // Nothing staged in the context for later: what did not fit was not taken.
    REQUIRE(call(CDMA_E_CONTINUE) == 0);
    ++calls;
  } while (in.pos < in.size);
  REQUIRE(calls > 1);
  while (call(CDMA_E_END) != 0) {
  }
  std::vector<uint8_t> one(cdma_compress_bound(src.size()));
  one.resize(cdma_compress_cctx(c, one.data(), one.size(), src.data(), src.size()));
  REQUIRE(frame == one);
  cdma_cctx_free(c);
}

TEST_CASE("a decoder call that decoded in place returns rather than copy the next block", "[stream]") {
  constexpr size_t kBlock = 4096;
  const auto src = sparse_bytes(kBlock * 16, 4, 0.4, Layout::kClustered, 9);
  cdma_cctx* c = cdma_cctx_create();
  REQUIRE(cdma_cctx_set_param(c, CDMA_P_BLOCK_LOG, 12) == 0);
  std::vector<uint8_t> frame(cdma_compress_bound(src.size()));
  frame.resize(cdma_compress_cctx(c, frame.data(), frame.size(), src.data(), src.size()));
  cdma_cctx_free(c);
  cdma_dctx* d = cdma_dctx_create();
  // Room for two and a half blocks: two are decoded in place; the third
  // waits in the input for room, instead of being gathered, decoded aside
  // and half copied out.
  std::vector<uint8_t> back(src.size()), buf(kBlock * 5 / 2);
  cdma_in_buffer in{frame.data(), frame.size(), 0};
  cdma_out_buffer o{buf.data(), buf.size(), 0};
  size_t r = cdma_decompress_stream(d, &o, &in);
  REQUIRE(!cdma_is_error(r));
  REQUIRE(r != 0);
  REQUIRE(o.pos == 2 * kBlock);
  // Called on until the end, the content comes out whole.
  size_t done = 0;
  for (;;) {
    std::copy(buf.begin(), buf.begin() + static_cast<long>(o.pos), back.begin() + static_cast<long>(done));
    done += o.pos;
    if (r == 0) break;
    o = {buf.data(), buf.size(), 0};
    r = cdma_decompress_stream(d, &o, &in);
    REQUIRE(!cdma_is_error(r));
  }
  REQUIRE(done == src.size());
  REQUIRE(back == src);
  cdma_dctx_free(d);
}

TEST_CASE("concatenated frames decode as one stream", "[stream]") {
  std::mt19937 rng(3);
  const auto a = sparse_bytes(10000, 2, 0.3, Layout::kRandom, 1);
  const auto b = sparse_bytes(7777, 2, 0.6, Layout::kRandom, 2);
  std::vector<uint8_t> frames(cdma_compress_bound(a.size()) + cdma_compress_bound(b.size()));
  const size_t na = cdma_compress(frames.data(), frames.size(), a.data(), a.size(), 2, 0);
  const size_t nb = cdma_compress(frames.data() + na, frames.size() - na, b.data(), b.size(), 2, 0);
  frames.resize(na + nb);
  cdma_dctx* d = cdma_dctx_create();
  size_t r = 1;
  auto out = stream_decompress(d, frames, rng, 333, &r);
  REQUIRE(r == 0);
  std::vector<uint8_t> expect(a.size() + b.size());
  std::copy(a.begin(), a.end(), expect.begin());
  std::copy(b.begin(), b.end(), expect.begin() + static_cast<long>(a.size()));
  REQUIRE(out == expect);
  cdma_dctx_free(d);
}

TEST_CASE("FLUSH ends a frame so everything so far decodes", "[stream]") {
  const auto src = sparse_bytes(20000, 4, 0.5, Layout::kRandom, 9);
  cdma_cctx* c = cdma_cctx_create();
  std::vector<uint8_t> out(2 * cdma_compress_bound(src.size()));
  cdma_out_buffer o{out.data(), out.size(), 0};
  cdma_in_buffer first{src.data(), 12000, 0};
  REQUIRE(cdma_compress_stream(c, &o, &first, CDMA_E_FLUSH) == 0);
  const size_t flushed = o.pos;
  std::vector<uint8_t> part(12000);
  REQUIRE(cdma_decompress(part.data(), part.size(), out.data(), flushed) == 12000);
  cdma_in_buffer second{src.data() + 12000, src.size() - 12000, 0};
  REQUIRE(cdma_compress_stream(c, &o, &second, CDMA_E_END) == 0);
  cdma_cctx_free(c);
  cdma_dctx* d = cdma_dctx_create();
  std::vector<uint8_t> back(src.size());
  cdma_in_buffer in{out.data(), o.pos, 0};
  cdma_out_buffer ob{back.data(), back.size(), 0};
  REQUIRE(cdma_decompress_stream(d, &ob, &in) == 0);
  REQUIRE(ob.pos == src.size());
  REQUIRE(back == src);
  cdma_dctx_free(d);
}

TEST_CASE("a broken pledge, a truncated stream and a memory limit are errors", "[stream]") {
  const auto src = sparse_bytes(50000, 4, 0.5, Layout::kRandom, 4);
  cdma_cctx* c = cdma_cctx_create();
  REQUIRE(cdma_cctx_set_pledged_size(c, 100) == 0);
  std::vector<uint8_t> out(cdma_compress_bound(src.size()));
  cdma_out_buffer o{out.data(), out.size(), 0};
  cdma_in_buffer in{src.data(), src.size(), 0};
  REQUIRE(cdma_get_error_code(cdma_compress_stream(c, &o, &in, CDMA_E_END)) == CDMA_ERROR_src_size_wrong);
  cdma_cctx_free(c);

  std::vector<uint8_t> frame(cdma_compress_bound(src.size()));
  frame.resize(cdma_compress(frame.data(), frame.size(), src.data(), src.size(), 4, 0));
  std::mt19937 rng(1);
  for (size_t cut : {size_t{3}, size_t{30}, frame.size() / 2, frame.size() - 1}) {
    cdma_dctx* d = cdma_dctx_create();
    std::vector<uint8_t> part(frame.begin(), frame.begin() + static_cast<long>(cut));
    size_t r = 0;
    stream_decompress(d, part, rng, 1000, &r);
    REQUIRE(r != 0);  // mid-frame at end of input: the caller sees "truncated"
    cdma_dctx_free(d);
  }
  cdma_dctx* d = cdma_dctx_create();
  REQUIRE(cdma_dctx_set_param(d, CDMA_DP_MEMORY_LIMIT, 1000) == 0);
  size_t r = 0;
  stream_decompress(d, frame, rng, 1000, &r);
  REQUIRE(cdma_get_error_code(r) == CDMA_ERROR_memory_limit_exceeded);
  cdma_dctx_free(d);
}

TEST_CASE("garbage fails at its magic number in a stream", "[stream]") {
  const std::vector<uint8_t> junk = {'h', 'e', 'l', 'l', 'o', ' ', 'w'};
  cdma_dctx* d = cdma_dctx_create();
  std::vector<uint8_t> buf(16);
  cdma_in_buffer in{junk.data(), junk.size(), 0};
  cdma_out_buffer o{buf.data(), buf.size(), 0};
  REQUIRE(cdma_get_error_code(cdma_decompress_stream(d, &o, &in)) == CDMA_ERROR_prefix_unknown);
  cdma_dctx_free(d);
}

TEST_CASE("CDMA_DP_STOP_AT_FRAME_END stops at each frame's end with all the input given", "[stream]") {
  const auto a = sparse_bytes(300000, 4, 0.3, Layout::kClustered, 5);
  const auto b = sparse_bytes(7777, 2, 0.6, Layout::kRandom, 6);
  std::vector<uint8_t> frames(cdma_compress_bound(a.size()) + cdma_compress_bound(b.size()) + 64);
  cdma_cctx* c = cdma_cctx_create();
  REQUIRE(cdma_cctx_set_param(c, CDMA_P_BLOCK_LOG, 12) == 0);
  REQUIRE(cdma_cctx_set_param(c, CDMA_P_SEEK_TABLE, 1) == 0);  // the frame ends after its seek table
  const size_t na = cdma_compress_cctx(c, frames.data(), frames.size(), a.data(), a.size());
  cdma_cctx_free(c);
  REQUIRE(!cdma_is_error(na));
  const size_t nb = cdma_compress(frames.data() + na, frames.size() - na, b.data(), b.size(), 2, 0);
  REQUIRE(!cdma_is_error(nb));
  const int threads = GENERATE(1, 2);
  cdma_dctx* d = cdma_dctx_create();
  REQUIRE(cdma_dctx_set_param(d, CDMA_DP_THREADS, threads) == 0);
  REQUIRE(cdma_is_error(cdma_dctx_set_param(d, CDMA_DP_STOP_AT_FRAME_END, 2)));
  REQUIRE(cdma_dctx_set_param(d, CDMA_DP_STOP_AT_FRAME_END, 1) == 0);
  std::vector<uint8_t> out(a.size() + b.size());
  cdma_in_buffer in{frames.data(), na + nb, 0};
  cdma_out_buffer o{out.data(), out.size(), 0};
  // All input at once, room for everything: the call ends exactly at frame 1's end.
  REQUIRE(cdma_decompress_stream(d, &o, &in) == 0);
  REQUIRE(in.pos == na);
  REQUIRE(o.pos == a.size());
  REQUIRE(std::equal(a.begin(), a.end(), out.begin()));
  REQUIRE(cdma_decompress_stream(d, &o, &in) == 0);
  REQUIRE(in.pos == na + nb);
  REQUIRE(o.pos == a.size() + b.size());
  REQUIRE(std::equal(b.begin(), b.end(), out.begin() + static_cast<long>(a.size())));
  // And a corrupted payload in the direct path is still caught by its checksum.
  std::vector<uint8_t> bad(frames.begin(), frames.begin() + static_cast<long>(na));
  bad[bad.size() / 2] ^= 0x10;
  REQUIRE(cdma_dctx_reset(d) == 0);
  cdma_in_buffer bin{bad.data(), bad.size(), 0};
  cdma_out_buffer bo{out.data(), out.size(), 0};
  REQUIRE(cdma_is_error(cdma_decompress_stream(d, &bo, &bin)));
  cdma_dctx_free(d);
}

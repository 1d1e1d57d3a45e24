// The C API's contracts (issue 17, section 5): success that does not depend
// on the thread count, a growable cdma_frame_info, one thread per context
// (detected), streams that stay failed until reset, parameter values that
// the bounds describe truly, enum arguments checked as integers, and
// memory taken by what the content needs, within a limit both ways.
#include <catch2/catch.hpp>

#include <atomic>
#include <cstring>
#include <thread>
#include <vector>

#include "alloc_counter.hpp"
#include "cdma/cdma.h"
#include "enum_args.h"
#include "support/sparse_gen.hpp"

using namespace cdma::test;

namespace {

cdma_error_code code_of(size_t r) { return cdma_get_error_code(r); }

// Compresses with a fresh context at `threads` threads; the result is the
// frame, or empty with *error set.
std::vector<uint8_t> compress_at(const std::vector<uint8_t>& src, size_t capacity, int threads,
                                 size_t* result, int block_log = 17) {
  cdma_cctx* c = cdma_cctx_create();
  REQUIRE(cdma_cctx_set_param(c, CDMA_P_THREADS, threads) == 0);
  REQUIRE(cdma_cctx_set_param(c, CDMA_P_BLOCK_LOG, block_log) == 0);
  std::vector<uint8_t> dst(capacity);
  *result = cdma_compress_cctx(c, dst.data(), dst.size(), src.data(), src.size());
  cdma_cctx_free(c);
  if (cdma_is_error(*result)) return {};
  dst.resize(*result);
  return dst;
}

std::vector<uint8_t> decompress_all(const std::vector<uint8_t>& frame, size_t size) {
  std::vector<uint8_t> out(size);
  REQUIRE(cdma_decompress(out.data(), out.size(), frame.data(), frame.size()) == size);
  return out;
}

// Streams all of src through cctx in one call with END and room to spare.
size_t stream_all(cdma_cctx* c, const std::vector<uint8_t>& src, std::vector<uint8_t>* frame) {
  frame->assign(cdma_compress_bound(src.size()) + 64, 0);
  cdma_in_buffer in{src.data(), src.size(), 0};
  cdma_out_buffer out{frame->data(), frame->size(), 0};
  const size_t r = cdma_compress_stream(c, &out, &in, CDMA_E_END);
  frame->resize(out.pos);
  return r;
}

}  // namespace

TEST_CASE("whether a frame fits depends on its bytes, not the thread count", "[contract][api]") {
  const std::vector<uint8_t> zeros(1 << 20, 0);
  size_t r = 0;
  const std::vector<uint8_t> reference = compress_at(zeros, 200, 2, &r);
  REQUIRE_FALSE(cdma_is_error(r));
  REQUIRE(reference.size() <= 200);
  for (int threads : {1, 2, 3, 8}) {
    INFO("threads " << threads);
    CHECK(compress_at(zeros, 200, threads, &r) == reference);
    // One byte short of the frame fails the same way on every path.
    compress_at(zeros, reference.size() - 1, threads, &r);
    CHECK(code_of(r) == CDMA_ERROR_dst_too_small);
  }
  std::vector<uint8_t> dst(200);
  const size_t n = cdma_compress(dst.data(), dst.size(), zeros.data(), zeros.size(), 4, 0);
  REQUIRE(n == reference.size());
  dst.resize(n);
  CHECK(dst == reference);
  CHECK(decompress_all(reference, zeros.size()) == zeros);

  // Mixed content, several blocks, a buffer exactly the frame's size.
  const auto mixed = sparse_bytes(600000, 4, 0.7, Layout::kRandom, 5);
  const std::vector<uint8_t> whole = compress_at(mixed, cdma_compress_bound(mixed.size()), 1, &r);
  REQUIRE_FALSE(cdma_is_error(r));
  for (int threads : {1, 2, 4}) {
    INFO("threads " << threads);
    CHECK(compress_at(mixed, whole.size(), threads, &r) == whole);
    compress_at(mixed, whole.size() - 1, threads, &r);
    CHECK(code_of(r) == CDMA_ERROR_dst_too_small);
  }
}

TEST_CASE("cdma_get_frame_info takes any struct size from the first version's up", "[contract][api]") {
  const std::vector<uint8_t> content(5000, 7);
  size_t r = 0;
  const std::vector<uint8_t> frame = compress_at(content, 6000, 1, &r);
  REQUIRE_FALSE(cdma_is_error(r));
  constexpr size_t kV1 = 328;  // sizeof(cdma_frame_info) in cdma 0.1

  cdma_frame_info now;
  REQUIRE(cdma_get_frame_info(&now, sizeof now, frame.data(), frame.size()) == now.header_size);
  CHECK(now.content_size == content.size());

  // A caller compiled against a later, larger struct: the known fields are
  // filled and the rest zeroed.
  std::vector<uint8_t> bigger(sizeof(cdma_frame_info) + 64, 0xAB);
  REQUIRE_FALSE(cdma_is_error(cdma_get_frame_info(reinterpret_cast<cdma_frame_info*>(bigger.data()),
                                                  bigger.size(), frame.data(), frame.size())));
  CHECK(std::memcmp(bigger.data(), &now, sizeof now) == 0);
  for (size_t i = sizeof now; i < bigger.size(); ++i) CHECK(bigger[i] == 0);

  // The first version's struct is the smallest accepted.
  std::vector<uint8_t> v1(kV1, 0xAB);
  REQUIRE_FALSE(cdma_is_error(cdma_get_frame_info(reinterpret_cast<cdma_frame_info*>(v1.data()), kV1,
                                                  frame.data(), frame.size())));
  CHECK(std::memcmp(v1.data(), &now, kV1) == 0);
  CHECK(code_of(cdma_get_frame_info(reinterpret_cast<cdma_frame_info*>(v1.data()), kV1 - 1, frame.data(),
                                    frame.size())) == CDMA_ERROR_parameter_out_of_bound);
}

TEST_CASE("a context entered from two threads at once refuses the second", "[contract][api]") {
  // Thread A compresses a large input again and again; thread B compresses
  // small ones on the same context meanwhile. Every call either succeeds
  // with a frame that decodes to its input or fails with context_in_use;
  // nothing is corrupt.
  const auto big = sparse_bytes(8 << 20, 4, 0.5, Layout::kRandom, 11);
  const auto small = sparse_bytes(64 << 10, 4, 0.5, Layout::kRandom, 12);
  cdma_cctx* c = cdma_cctx_create();
  REQUIRE(cdma_cctx_set_param(c, CDMA_P_THREADS, 2) == 0);
  std::atomic<bool> done{false};
  std::atomic<int> refused{0}, wrong{0};
  // One call: counted as refused, or checked by decoding it.
  auto attempt = [&](const std::vector<uint8_t>& src, std::vector<uint8_t>* dst) {
    const size_t r = cdma_compress_cctx(c, dst->data(), dst->size(), src.data(), src.size());
    if (code_of(r) == CDMA_ERROR_context_in_use) {
      ++refused;
      return;
    }
    std::vector<uint8_t> back(src.size());
    if (cdma_is_error(r) || cdma_decompress(back.data(), back.size(), dst->data(), r) != src.size() ||
        back != src)
      ++wrong;
  };
  std::thread a([&] {
    std::vector<uint8_t> dst(cdma_compress_bound(big.size()));
    for (int i = 0; i < 50 && refused.load() < 20; ++i) attempt(big, &dst);
    done = true;
  });
  std::vector<uint8_t> dst(cdma_compress_bound(small.size()));
  while (!done) attempt(small, &dst);
  a.join();
  CHECK(wrong == 0);
  CHECK(refused > 0);
  CHECK(std::string(cdma_error_string(CDMA_ERROR_context_in_use)).find("in use") != std::string::npos);
  cdma_cctx_free(c);

  // The same for a decompression context.
  size_t r = 0;
  const std::vector<uint8_t> frame = compress_at(big, cdma_compress_bound(big.size()), 1, &r);
  REQUIRE_FALSE(cdma_is_error(r));
  cdma_dctx* d = cdma_dctx_create();
  REQUIRE(cdma_dctx_set_param(d, CDMA_DP_THREADS, 2) == 0);
  done = false;
  refused = 0;
  auto decode_loop = [&](int rounds) {
    std::vector<uint8_t> back(big.size());
    for (int i = 0; (rounds == 0 ? !done.load() : i < rounds) && refused.load() < 20; ++i) {
      const size_t n = cdma_decompress_dctx(d, back.data(), back.size(), frame.data(), frame.size());
      if (code_of(n) == CDMA_ERROR_context_in_use) {
        ++refused;
      } else if (n != big.size() || back != big) {
        ++wrong;
      }
    }
  };
  std::thread b([&] {
    decode_loop(50);
    done = true;
  });
  decode_loop(0);
  b.join();
  CHECK(wrong == 0);
  CHECK(refused > 0);
  cdma_dctx_free(d);
}

TEST_CASE("a stream that failed stays failed until reset, and reset clears the pledge", "[contract][api]") {
  const std::vector<uint8_t> src(200, 3);
  cdma_cctx* c = cdma_cctx_create();
  std::vector<uint8_t> frame;
  REQUIRE(cdma_cctx_set_pledged_size(c, 100) == 0);
  CHECK(code_of(stream_all(c, src, &frame)) == CDMA_ERROR_src_size_wrong);
  // Nothing more of the broken frame comes out, whatever the call.
  std::vector<uint8_t> room(4096);
  for (cdma_end_directive end : {CDMA_E_CONTINUE, CDMA_E_FLUSH, CDMA_E_END}) {
    cdma_in_buffer in{src.data(), 10, 0};
    cdma_out_buffer out{room.data(), room.size(), 0};
    CHECK(code_of(cdma_compress_stream(c, &out, &in, end)) == CDMA_ERROR_stage_wrong);
    CHECK(out.pos == 0);
    CHECK(in.pos == 0);
  }
  CHECK(code_of(cdma_cctx_set_pledged_size(c, 200)) == CDMA_ERROR_stage_wrong);
  // reset_stream: a fresh stream, and the old pledge is gone.
  REQUIRE(cdma_cctx_reset_stream(c) == 0);
  REQUIRE(stream_all(c, src, &frame) == 0);
  CHECK(cdma_get_content_size(frame.data(), frame.size()) == CDMA_CONTENTSIZE_UNKNOWN);
  CHECK(decompress_all(frame, src.size()) == src);

  // cdma_cctx_reset clears a pledge too, and a failure.
  REQUIRE(cdma_cctx_set_pledged_size(c, 100) == 0);
  REQUIRE(cdma_cctx_reset(c) == 0);
  REQUIRE(stream_all(c, src, &frame) == 0);
  CHECK(cdma_get_content_size(frame.data(), frame.size()) == CDMA_CONTENTSIZE_UNKNOWN);
  REQUIRE(cdma_cctx_set_pledged_size(c, 100) == 0);
  CHECK(code_of(stream_all(c, src, &frame)) == CDMA_ERROR_src_size_wrong);
  REQUIRE(cdma_cctx_reset(c) == 0);
  REQUIRE(stream_all(c, src, &frame) == 0);
  CHECK(decompress_all(frame, src.size()) == src);
  const std::vector<uint8_t> good = frame;

  // Bad arguments fail the stream as well.
  cdma_in_buffer in{src.data(), src.size(), 0};
  cdma_out_buffer bad{nullptr, 10, 0};
  CHECK(code_of(cdma_compress_stream(c, &bad, &in, CDMA_E_CONTINUE)) == CDMA_ERROR_null_argument);
  CHECK(code_of(stream_all(c, src, &frame)) == CDMA_ERROR_stage_wrong);
  cdma_cctx_free(c);

  // The decoder: garbage, then a good frame, is refused until reset.
  cdma_dctx* d = cdma_dctx_create();
  const std::vector<uint8_t> garbage(64, 0x55);
  std::vector<uint8_t> out(src.size());
  cdma_in_buffer gin{garbage.data(), garbage.size(), 0};
  cdma_out_buffer gout{out.data(), out.size(), 0};
  CHECK(code_of(cdma_decompress_stream(d, &gout, &gin)) == CDMA_ERROR_prefix_unknown);
  cdma_in_buffer fin{good.data(), good.size(), 0};
  cdma_out_buffer fout{out.data(), out.size(), 0};
  CHECK(code_of(cdma_decompress_stream(d, &fout, &fin)) == CDMA_ERROR_stage_wrong);
  CHECK(fout.pos == 0);
  REQUIRE(cdma_dctx_reset(d) == 0);
  fin.pos = 0;
  REQUIRE(cdma_decompress_stream(d, &fout, &fin) == 0);
  CHECK(fout.pos == src.size());
  CHECK(out == src);
  cdma_dctx_free(d);
}

TEST_CASE("cdma_param_check says exactly which values set_param takes", "[contract][api]") {
  cdma_cctx* c = cdma_cctx_create();
  for (int param = CDMA_P_CODEC; param <= CDMA_P_SEEK_TABLE; ++param) {
    const cdma_bounds b = enum_args_bounds(param);
    REQUIRE(b.error == 0);
    for (int64_t v = b.lower - 2; v <= std::min<int64_t>(b.upper + 2, 300); ++v) {
      INFO("param " << param << " value " << v);
      const size_t check = enum_args_check(param, v);
      CHECK(check == enum_args_set_param(c, param, v));
      if (v < b.lower || v > b.upper) CHECK(code_of(check) == CDMA_ERROR_parameter_out_of_bound);
    }
  }
  std::vector<int64_t> codecs, widths;
  for (int64_t v = 0; v <= 255; ++v)
    if (cdma_param_check(CDMA_P_CODEC, v) == 0) codecs.push_back(v);
  for (int64_t v = 1; v <= 8; ++v)
    if (cdma_param_check(CDMA_P_ELEMENT_WIDTH, v) == 0) widths.push_back(v);
  CHECK(codecs == std::vector<int64_t>{CDMA_CODEC_STORE, CDMA_CODEC_ZVC, CDMA_CODEC_ZRLE, CDMA_CODEC_SPLIT,
                                       CDMA_CODEC_ZSTD, CDMA_CODEC_LZ4, CDMA_CODEC_AUTO});
  CHECK(widths == std::vector<int64_t>{1, 2, 4, 8});
  CHECK(code_of(enum_args_check(999, 1)) == CDMA_ERROR_parameter_unsupported);
  cdma_cctx_free(c);
}

TEST_CASE("enum arguments out of their enums are errors, not undefined behaviour", "[contract][api]") {
  // The sanitizer build aborts here if the library loads one as its enum.
  cdma_cctx* c = cdma_cctx_create();
  for (int end : {3, 7, 255, -1, 1 << 30}) {
    INFO("end " << end);
    CHECK(code_of(enum_args_compress_stream(c, end)) == CDMA_ERROR_parameter_out_of_bound);
    REQUIRE(cdma_cctx_reset_stream(c) == 0);
  }
  REQUIRE(enum_args_compress_stream(c, CDMA_E_END) == 0);
  for (int param : {0, 9, 77, 999, -5, 1 << 30}) {
    INFO("param " << param);
    CHECK(code_of(enum_args_bounds(param).error) == CDMA_ERROR_parameter_unsupported);
    CHECK(code_of(enum_args_check(param, 1)) == CDMA_ERROR_parameter_unsupported);
    CHECK(code_of(enum_args_set_param(c, param, 1)) == CDMA_ERROR_parameter_unsupported);
    CHECK(code_of(enum_args_get_param(c, param)) == CDMA_ERROR_parameter_unsupported);
  }
  cdma_cctx_free(c);
  cdma_dctx* d = cdma_dctx_create();
  for (int param : {0, 4, 99, -1, 1 << 30})
    CHECK(code_of(enum_args_dctx_set_param(d, param, 1)) == CDMA_ERROR_parameter_unsupported);
  cdma_dctx_free(d);
  const std::string unknown = enum_args_error_string(1000);
  CHECK(unknown == enum_args_error_string(-3));
  CHECK(unknown != cdma_error_string(CDMA_ERROR_generic));
}

TEST_CASE("memory follows the content: a small input never gets whole big blocks", "[contract][api][memory]") {
  const auto src = sparse_bytes(1000, 4, 0.5, Layout::kRandom, 3);
  for (int threads : {1, 2, 16}) {
    INFO("threads " << threads);
    cdma_cctx* c = cdma_cctx_create();
    REQUIRE(cdma_cctx_set_param(c, CDMA_P_BLOCK_LOG, 24) == 0);
    REQUIRE(cdma_cctx_set_param(c, CDMA_P_THREADS, threads) == 0);
    std::vector<uint8_t> frame(cdma_cctx_compress_bound(c, src.size()));
    {
      AllocPeak one_shot;
      REQUIRE_FALSE(cdma_is_error(cdma_compress_cctx(c, frame.data(), frame.size(), src.data(), src.size())));
      CHECK(one_shot.peak() < (64 << 10));
    }
    std::vector<uint8_t> streamed;
    {
      AllocPeak stream;
      REQUIRE(stream_all(c, src, &streamed) == 0);
      // The output buffer stream_all allocates (a few KiB) is counted too.
      CHECK(stream.peak() < (64 << 10));
    }
    cdma_cctx_free(c);

    cdma_dctx* d = cdma_dctx_create();
    REQUIRE(cdma_dctx_set_param(d, CDMA_DP_THREADS, threads) == 0);
    std::vector<uint8_t> out(src.size());
    {
      AllocPeak decode;
      // One byte at a time: nothing decodes straight from the caller's input.
      cdma_out_buffer ob{out.data(), out.size(), 0};
      size_t r = 1;
      for (size_t i = 0; i < streamed.size() && !cdma_is_error(r); ++i) {
        cdma_in_buffer ib{streamed.data() + i, 1, 0};
        r = cdma_decompress_stream(d, &ob, &ib);
      }
      REQUIRE(r == 0);
      CHECK(decode.peak() < (64 << 10));
    }
    CHECK(out == src);
    cdma_dctx_free(d);
  }
}

TEST_CASE("compression keeps within CDMA_P_MEMORY_LIMIT, with the same bytes", "[contract][api][memory]") {
  const auto src = sparse_bytes(24 << 20, 4, 0.6, Layout::kRandom, 4);
  auto compress_stream_with = [&](int64_t limit, size_t* peak) {
    cdma_cctx* c = cdma_cctx_create();
    REQUIRE(cdma_cctx_set_param(c, CDMA_P_BLOCK_LOG, 20) == 0);
    REQUIRE(cdma_cctx_set_param(c, CDMA_P_THREADS, 4) == 0);
    REQUIRE(cdma_cctx_set_param(c, CDMA_P_MEMORY_LIMIT, limit) == 0);
    std::vector<uint8_t> frame, out(1 << 16);
    AllocPeak alloc;
    // Small pieces each way: everything goes through the context's buffers.
    for (size_t pos = 0;;) {
      const size_t piece = std::min<size_t>(1 << 16, src.size() - pos);
      cdma_in_buffer in{src.data() + pos, piece, 0};
      const bool last = pos + piece == src.size();
      size_t r;
      do {
        cdma_out_buffer ob{out.data(), out.size(), 0};
        r = cdma_compress_stream(c, &ob, &in, last ? CDMA_E_END : CDMA_E_CONTINUE);
        REQUIRE_FALSE(cdma_is_error(r));
        frame.insert(frame.end(), out.begin(), out.begin() + static_cast<std::ptrdiff_t>(ob.pos));
      } while (in.pos < in.size || (last && r != 0));
      pos += piece;
      if (last) break;
    }
    *peak = alloc.peak();
    cdma_cctx_free(c);
    return frame;
  };
  size_t unlimited_peak = 0, limited_peak = 0;
  const auto unlimited = compress_stream_with(0, &unlimited_peak);
  // The codecs' workspaces, about 4.5 MiB per thread for these 1 MiB
  // blocks of fp32, count too (malloc'd: AllocPeak does not see them).
  const auto limited = compress_stream_with(32 << 20, &limited_peak);
  CHECK((limited == unlimited));  // (()): no dump of 12 MiB on failure
  // The frame collected here is counted too: leave room for it.
  CHECK(limited_peak < (32 << 20) + 2 * limited.size());
  CHECK(unlimited_peak > (32 << 20));  // 4 threads x 8 blocks of 1 MiB each way

  // A limit below one block refuses the stream; the one-shot, which holds
  // at most one block of scratch then, gives the same frame as without.
  auto one_shot = [&](int64_t limit) {
    cdma_cctx* c = cdma_cctx_create();
    REQUIRE(cdma_cctx_set_param(c, CDMA_P_BLOCK_LOG, 20) == 0);
    REQUIRE(cdma_cctx_set_param(c, CDMA_P_THREADS, 4) == 0);
    REQUIRE(cdma_cctx_set_param(c, CDMA_P_MEMORY_LIMIT, limit) == 0);
    std::vector<uint8_t> frame;
    if (limit != 0) CHECK(code_of(stream_all(c, src, &frame)) == CDMA_ERROR_memory_limit_exceeded);
    frame.assign(cdma_compress_bound(src.size()), 0);
    const size_t n = cdma_compress_cctx(c, frame.data(), frame.size(), src.data(), src.size());
    REQUIRE_FALSE(cdma_is_error(n));
    frame.resize(n);
    cdma_cctx_free(c);
    return frame;
  };
  CHECK((one_shot(1 << 20) == one_shot(0)));
}

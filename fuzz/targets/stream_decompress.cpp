// Streaming decompression of arbitrary bytes with fuzzer-chosen input and
// output chunk sizes, memory limit and threads. Whatever the chunking, the
// decoder stays inside its buffers, makes progress, and agrees with the
// one-shot decoder on every input that is exactly one frame.
#include "fuzz_util.hpp"
#include "stream_drive.hpp"

using namespace cdma::fuzz;

namespace {
// Chunk sizes from a byte: tiny ones find state-machine bugs, big ones speed.
constexpr size_t kChunks[] = {1, 2, 3, 7, 12, 13, 64, 4096, 1 << 20};
// Memory limits: below any block (refusal), around small blocks, roomy.
constexpr int64_t kLimits[] = {4096, 8192, 1 << 16, 1 << 20, 1 << 25};
constexpr size_t kOutLimit = size_t{64} << 20;
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Params p(data, size);
  const size_t max_in = kChunks[p.pick(std::size(kChunks))];
  const size_t max_out = kChunks[p.pick(std::size(kChunks))];
  const int64_t limit = kLimits[p.pick(std::size(kLimits))];
  const int threads = p.flag() ? 2 : 1;
  Rng rng(p.u32());
  const uint8_t* src = p.data();
  const size_t n = p.size();

  Dctx d(cdma_dctx_create());
  FUZZ_CHECK(d);
  FUZZ_CHECK(!cdma_is_error(cdma_dctx_set_param(d.get(), CDMA_DP_MEMORY_LIMIT, limit)));
  FUZZ_CHECK(!cdma_is_error(cdma_dctx_set_param(d.get(), CDMA_DP_THREADS, threads)));
  const StreamResult s = stream_decompress(d.get(), src, n, rng, max_in, max_out, kOutLimit);

  // The one-shot decoder reads exactly one frame; compare where it can.
  if (cdma_find_frame_compressed_size(src, n) != n) return 0;
  const uint64_t declared = cdma_get_content_size(src, n);
  if (declared != CDMA_CONTENTSIZE_UNKNOWN && declared > kOutLimit) return 0;
  const size_t cap = declared == CDMA_CONTENTSIZE_UNKNOWN ? kOutLimit : static_cast<size_t>(declared);
  Exact one(cap);
  const size_t r = cdma_decompress(one.data(), one.size(), src, n);
  if (s.complete) {
    // Streaming accepted the frame: one-shot must too, with the same bytes.
    FUZZ_CHECK_R(!cdma_is_error(r), r);
    FUZZ_CHECK(s.out.size() == r && (r == 0 || std::memcmp(s.out.data(), one.data(), r) == 0));
  } else if (!cdma_is_error(r) && !s.too_big) {
    // One-shot accepted it: streaming may only have refused for memory.
    FUZZ_CHECK_R(is_code(s.result, CDMA_ERROR_memory_limit_exceeded), s.result);
  }
  return 0;
}

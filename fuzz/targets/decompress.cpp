// One-shot decompression of arbitrary bytes: cdma_decompress,
// cdma_decompress_dctx (threads) and the C++ wrapper must agree, stay inside
// their buffers and never report success for a buffer that is not one
// complete frame.
#include "cdma/cdma.hpp"
#include "fuzz_util.hpp"

using namespace cdma::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Params p(data, size);
  // The destination capacity is drawn, so dst_too_small paths run too. It
  // stays at 4 MiB or less: fuzzing is about structure, not volume.
  const size_t capacity = p.u32() % (size_t{4} << 20);
  const bool threaded = p.flag();
  const Exact src(p.data(), p.size());

  Exact dst(capacity);
  const size_t r = cdma_decompress(dst.data(), dst.size(), src.data(), src.size());
  FUZZ_CHECK(cdma_is_error(r) || r <= capacity);
  if (!cdma_is_error(r)) {
    // A decoded frame is exactly one whole frame, as the block walk sees it.
    FUZZ_CHECK(cdma_find_frame_compressed_size(src.data(), src.size()) == src.size());
    const uint64_t declared = cdma_get_content_size(src.data(), src.size());
    FUZZ_CHECK(declared == CDMA_CONTENTSIZE_UNKNOWN || declared == r);
  }

  if (threaded) {
    // Parallel block decoding must give the same verdict and bytes.
    Dctx d(cdma_dctx_create());
    FUZZ_CHECK(d && !cdma_is_error(cdma_dctx_set_param(d.get(), CDMA_DP_THREADS, 2)));
    Exact dst2(capacity);
    const size_t r2 = cdma_decompress_dctx(d.get(), dst2.data(), dst2.size(), src.data(), src.size());
    FUZZ_CHECK(r2 == r);
    if (!cdma_is_error(r)) FUZZ_CHECK(r == 0 || std::memcmp(dst.data(), dst2.data(), r) == 0);
  }

  // The C++ wrapper sizes its vector from the walked blocks, under a limit.
  try {
    const std::vector<uint8_t> out = cdma::decompress({src.data(), src.size()}, capacity);
    FUZZ_CHECK(!cdma_is_error(r) && out.size() == r);
    FUZZ_CHECK(r == 0 || std::memcmp(out.data(), dst.data(), r) == 0);
  } catch (const cdma::Error&) {
    // Refused: fine, as long as the C call did not decode it within the
    // same limit (the wrapper also refuses an unknown content size).
    FUZZ_CHECK(cdma_is_error(r) || cdma_get_content_size(src.data(), src.size()) == CDMA_CONTENTSIZE_UNKNOWN);
  }
  return 0;
}

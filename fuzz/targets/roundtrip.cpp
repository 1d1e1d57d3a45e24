// Round trip: content from the front of the input, parameters (codec, level,
// width, block size, threads, checksum, seek table, metadata) from its tail.
// Decoding must give the content back bit for bit, and compressing again
// (same context, fresh context, one thread) must give the same frame.
#include "fuzz_util.hpp"
#include "setup.hpp"
#include "stream_drive.hpp"

using namespace cdma::fuzz;

namespace {

void check_decodes(const std::vector<uint8_t>& frame, const std::vector<uint8_t>& content,
                   const Setup& s, Params& p) {
  Exact out(content.size());
  const size_t r = cdma_decompress(out.data(), out.size(), frame.data(), frame.size());
  FUZZ_CHECK_R(r == content.size(), r);
  FUZZ_CHECK(r == 0 || std::memcmp(out.data(), content.data(), r) == 0);

  cdma_frame_info info;
  FUZZ_CHECK(!cdma_is_error(cdma_get_frame_info(&info, sizeof info, frame.data(), frame.size())));
  FUZZ_CHECK(info.content_size == content.size() && info.element_width == unsigned(s.width));
  FUZZ_CHECK(info.block_size == 1u << s.block_log && info.has_checksum == unsigned(s.checksum));
  FUZZ_CHECK(info.has_shape == unsigned(s.metadata));

  // Streaming decode in drawn chunks gives the same bytes.
  Dctx d(cdma_dctx_create());
  FUZZ_CHECK(d);
  Rng rng(p.u32());
  const size_t chunk = size_t{1} << p.pick(14);
  const StreamResult sr = stream_decompress(d.get(), frame.data(), frame.size(), rng, chunk, chunk, SIZE_MAX);
  FUZZ_CHECK_R(sr.complete && sr.out == content, sr.result);

  if (s.seek_table && !content.empty()) {
    // Random access through the seek table.
    const size_t offset = p.u32() % content.size();
    const size_t length = p.u32() % (content.size() - offset + 1);
    Exact part(length);
    const size_t rr = cdma_decompress_range(nullptr, part.data(), part.size(), frame.data(), frame.size(),
                                            offset, length);
    FUZZ_CHECK_R(rr == length, rr);
    FUZZ_CHECK(length == 0 || std::memcmp(part.data(), content.data() + offset, length) == 0);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Params p(data, size);
  const Setup s = read_setup(p);
  const std::vector<uint8_t> content = make_content(p.data(), p.size(), s.content_mode);

  Cctx c(cdma_cctx_create());
  FUZZ_CHECK(c);
  if (!apply(c.get(), s, content.size())) return 0;
  const std::vector<uint8_t> frame = compress_ok(c.get(), content);
  if (!s.metadata && !s.seek_table)
    FUZZ_CHECK(frame.size() <= cdma_compress_bound(content.size()));

  // Deterministic: the same context again, a fresh one, and one thread.
  FUZZ_CHECK(compress_ok(c.get(), content) == frame);
  Cctx fresh(cdma_cctx_create());
  FUZZ_CHECK(fresh && apply(fresh.get(), s, content.size()));
  if (s.threads > 1) FUZZ_CHECK(!cdma_is_error(cdma_cctx_set_param(fresh.get(), CDMA_P_THREADS, 1)));
  FUZZ_CHECK(compress_ok(fresh.get(), content) == frame);

  check_decodes(frame, content, s, p);
  return 0;
}

// Compression into an output that may be too small: one-shot into an exact
// buffer of drawn capacity must either succeed (and decode) or fail with
// dst_too_small, never write past the end; streaming into drawn output
// chunks must never write past a chunk and must produce a decodable frame.
#include "fuzz_util.hpp"
#include "setup.hpp"

using namespace cdma::fuzz;

namespace {

void one_shot(cdma_cctx* c, const std::vector<uint8_t>& content, size_t capacity) {
  Exact dst(capacity);
  const size_t n = cdma_compress_cctx(c, dst.data(), dst.size(), content.data(), content.size());
  if (cdma_is_error(n)) {
    FUZZ_CHECK_R(is_code(n, CDMA_ERROR_dst_too_small), n);
    return;
  }
  FUZZ_CHECK(n <= capacity);
  Exact out(content.size());
  FUZZ_CHECK(cdma_decompress(out.data(), out.size(), dst.data(), n) == content.size());
  FUZZ_CHECK(content.empty() || std::memcmp(out.data(), content.data(), content.size()) == 0);
}

void streamed(cdma_cctx* c, const std::vector<uint8_t>& content, Rng& rng, size_t max_chunk) {
  std::vector<uint8_t> frame;
  const Exact src(content.data(), content.size());
  cdma_in_buffer in{src.data(), src.size(), 0};
  size_t r;
  int idle = 0;
  do {
    Exact o(rng.between(1, max_chunk));
    cdma_out_buffer out{o.data(), o.size(), 0};
    const size_t before = in.pos;
    r = cdma_compress_stream(c, &out, &in, CDMA_E_END);
    FUZZ_CHECK_R(!cdma_is_error(r), r);
    FUZZ_CHECK(out.pos <= out.size);
    frame.insert(frame.end(), o.data(), o.data() + out.pos);
    idle = (out.pos == 0 && in.pos == before) ? idle + 1 : 0;
    FUZZ_CHECK(idle < 3);  // a call with room to write must make progress
  } while (r != 0);
  FUZZ_CHECK(in.pos == in.size);
  Exact out(content.size());
  const size_t d = cdma_decompress(out.data(), out.size(), frame.data(), frame.size());
  FUZZ_CHECK_R(d == content.size(), d);
  FUZZ_CHECK(content.empty() || std::memcmp(out.data(), content.data(), content.size()) == 0);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Params p(data, size);
  const Setup s = read_setup(p);
  const uint16_t fraction = p.u16();
  const size_t max_chunk = size_t{1} << p.pick(12);
  Rng rng(p.u32());
  const std::vector<uint8_t> content = make_content(p.data(), p.size(), s.content_mode);

  Cctx c(cdma_cctx_create());
  FUZZ_CHECK(c);
  if (!apply(c.get(), s, content.size())) return 0;
  const size_t bound = cdma_cctx_compress_bound(c.get(), content.size());
  FUZZ_CHECK_R(!cdma_is_error(bound), bound);
  // Capacities from 0 to the bound, most of them near the real frame size.
  one_shot(c.get(), content, bound * fraction / 65535);
  one_shot(c.get(), content, fraction % (bound + 1));
  streamed(c.get(), content, rng, max_chunk);
  return 0;
}

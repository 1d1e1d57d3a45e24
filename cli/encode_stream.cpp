#include "encode_stream.hpp"

#include <algorithm>
#include <vector>

#include "failure.hpp"

namespace cdma::cli {
namespace {

class Encoder {
 public:
  Encoder(cdma_cctx* cctx, OutputSink& out) : cctx_(cctx), out_(out), buf_(kChunkSize) {}

  // Returns once every byte of `data` is taken.
  void feed(std::span<const uint8_t> data) {
    cdma_in_buffer in{data.data(), data.size(), 0};
    while (in.pos < in.size) step(&in, CDMA_E_CONTINUE);
  }

  void end() {
    // No input, but a real pointer: the library may memcpy zero bytes from
    // it, and memcpy from NULL is undefined even for zero bytes.
    cdma_in_buffer in{buf_.data(), 0, 0};
    while (step(&in, CDMA_E_END) != 0) {
    }
  }

 private:
  size_t step(cdma_in_buffer* in, cdma_end_directive directive) {
    cdma_out_buffer ob{buf_.data(), buf_.size(), 0};
    const size_t r = check_lib(cdma_compress_stream(cctx_, &ob, in, directive), "compression failed");
    out_.write({buf_.data(), ob.pos});
    return r;
  }

  cdma_cctx* cctx_;
  OutputSink& out_;
  std::vector<uint8_t> buf_;
};

}  // namespace

uint64_t encode_stream(cdma_cctx* cctx, InputStream& in, const TensorInput& t, OutputSink& out,
                       Progress& progress) {
  Encoder encoder(cctx, out);
  // Bytes past the promised size are not fed (the library would refuse the
  // frame with a bare "size wrong"), only counted, so that the message can
  // say how many there are.
  const uint64_t limit = t.content_size.value_or(UINT64_MAX);
  uint64_t fed = 0;
  uint64_t total = t.prefix_size;
  while (in.fill(1)) {
    const auto chunk = in.available();
    const size_t n = static_cast<size_t>(std::min<uint64_t>(chunk.size(), limit - fed));
    encoder.feed(chunk.first(n));
    fed += n;
    total += chunk.size();
    in.consume(chunk.size());
    progress.update(total, out.written());
  }
  check_total_size(t, total);
  if (in.size() && total != *in.size())
    throw CliError(kExitIo, "file changed while being read (" + std::to_string(*in.size()) +
                                " bytes when opened, " + std::to_string(total) + " read)");
  encoder.end();
  return fed;
}

}  // namespace cdma::cli

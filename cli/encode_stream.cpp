#include "encode_stream.hpp"

#include <algorithm>
#include <thread>
#include <vector>

#include "failure.hpp"
#include "memory_budget.hpp"

namespace cdma::cli {
namespace {

// Input read per call: four of the library's batches (8 blocks per
// thread, lib/frame/frame_codec.hpp), so that it codes three of them
// straight from this buffer and copies only the one it must hold back
// until it knows whether the frame ends there. At most the chunk -M allows.
size_t input_chunk(cdma_cctx* cctx, uint64_t memory_limit) {
  int64_t threads = 1, block_log = 17;
  cdma_cctx_get_param(cctx, CDMA_P_THREADS, &threads);
  cdma_cctx_get_param(cctx, CDMA_P_BLOCK_LOG, &block_log);
  if (threads <= 0) threads = std::max(1u, std::thread::hardware_concurrency());
  const uint64_t batch = static_cast<uint64_t>(threads) * 8 << block_log;
  return static_cast<size_t>(std::clamp<uint64_t>(4 * batch, kChunkSize, io_chunk(memory_limit)));
}

class Encoder {
 public:
  // The output buffer holds a chunk's frame bytes at their worst (a block
  // header per 4 KiB), so the library writes blocks straight into it.
  Encoder(cdma_cctx* cctx, OutputSink& out, size_t chunk)
      : cctx_(cctx), out_(out), buf_(chunk + chunk / 256 + (size_t{64} << 10)) {}

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

uint64_t encode_stream(cdma_cctx* cctx, uint64_t memory_limit, InputStream& in, const TensorInput& t,
                       OutputSink& out, Progress& progress) {
  const size_t chunk = input_chunk(cctx, memory_limit);
  in.set_chunk_size(chunk);
  in.enable_read_ahead();
  Encoder encoder(cctx, out, chunk);
  // Bytes past the promised size are not fed (the library would refuse the
  // frame with a bare "size wrong"), only counted, so that the message can
  // say how many there are.
  const uint64_t limit = t.content_size.value_or(UINT64_MAX);
  uint64_t fed = 0;
  uint64_t total = t.prefix_size;
  // Whole chunks even from a pipe, whose reads return 64 KiB at a time.
  while (in.fill(chunk) || !in.available().empty()) {
    const auto chunk_bytes = in.available();
    const size_t n = static_cast<size_t>(std::min<uint64_t>(chunk_bytes.size(), limit - fed));
    encoder.feed(chunk_bytes.first(n));
    fed += n;
    total += chunk_bytes.size();
    in.consume(chunk_bytes.size());
    progress.update(total, out.written());
  }
  check_total_size(t, total);
  if (in.size() && total != *in.size())
    throw CliError(kExitIo, "file changed while being read (" + std::to_string(*in.size()) +
                                " bytes when opened, " + std::to_string(total) + " read)");
  encoder.end();
  return fed;
}

void encode_part(cdma_cctx* cctx, uint64_t memory_limit, InputStream& in, uint64_t size, uint64_t done,
                 OutputSink& out, Progress& progress) {
  const size_t chunk = input_chunk(cctx, memory_limit);
  in.set_chunk_size(chunk);
  in.enable_read_ahead();
  Encoder encoder(cctx, out, chunk);
  uint64_t fed = 0;
  while (fed < size) {
    if (in.available().empty() && !in.fill(1))
      throw CliError(kExitIo, "file ended early (it changed while being read)");
    const auto bytes = in.available();
    const size_t n = static_cast<size_t>(std::min<uint64_t>(bytes.size(), size - fed));
    encoder.feed(bytes.first(n));
    in.consume(n);
    fed += n;
    progress.update(done + fed, out.written());
  }
  encoder.end();
}

}  // namespace cdma::cli

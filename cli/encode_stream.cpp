#include "encode_stream.hpp"

#include <algorithm>
#include <thread>
#include "failure.hpp"
#include "io_buffer.hpp"
#include "memory_budget.hpp"

namespace cdma::cli {
namespace {

int64_t cctx_param(cdma_cctx* cctx, cdma_param param, int64_t fallback) {
  int64_t v = fallback;
  cdma_cctx_get_param(cctx, param, &v);
  return v;
}

unsigned cores() { return std::max(1u, std::thread::hardware_concurrency()); }

// Input read per call: four of the library's batches (8 blocks per
// thread, lib/frame/frame_codec.hpp), which it codes straight from this
// buffer into the output buffer. At most the chunk -M allows.
size_t input_chunk(cdma_cctx* cctx, uint64_t memory_limit) {
  int64_t threads = cctx_param(cctx, CDMA_P_THREADS, 1);
  if (threads <= 0) threads = cores();
  const uint64_t batch = static_cast<uint64_t>(threads) * 8 << cctx_param(cctx, CDMA_P_BLOCK_LOG, 17);
  return static_cast<size_t>(std::clamp<uint64_t>(4 * batch, kChunkSize, io_chunk(memory_limit)));
}

size_t block_size(cdma_cctx* cctx) { return size_t{1} << cctx_param(cctx, CDMA_P_BLOCK_LOG, 17); }

// Cores up to which one reading thread keeps up with the coding threads on
// all but one core (the read copy costs about half of coding a chunk;
// bench/README.md, "cli_vs_library.py").
constexpr unsigned kCoresOneReaderFeeds = 3;

// Sets the input up for coding with `cctx` within `memory_limit` and
// starts its reading thread; returns the bytes to read per chunk.
// On a machine of at most kCoresOneReaderFeeds cores, coding on every core
// would leave the read copy no core of its own and stall every thread (-T2
// ran slower than -T1 on two cores), so the library codes on one core fewer
// and the thread reads ahead on the last one. On more cores, when the
// library codes on every core, the thread reads alongside the caller
// between batches instead (InputStream::enable_read_ahead). The frame is
// the same for every thread count.
size_t start_input(cdma_cctx* cctx, uint64_t memory_limit, InputStream& in) {
  const unsigned n = cores();
  const int64_t asked = cctx_param(cctx, CDMA_P_THREADS, 1);  // 0: every core
  if (n >= 2 && n <= kCoresOneReaderFeeds && (asked <= 0 || asked >= static_cast<int64_t>(n)) && in.can_read_ahead())
    check_lib(cdma_cctx_set_param(cctx, CDMA_P_THREADS, n - 1), "--threads", kExitUsage);
  const size_t chunk = input_chunk(cctx, memory_limit);
  in.set_chunk_size(chunk, block_size(cctx));
  const auto threads = static_cast<uint64_t>(std::max<int64_t>(1, cctx_param(cctx, CDMA_P_THREADS, 1)));
  in.enable_read_ahead(threads >= n);
  return chunk;
}

class Encoder {
 public:
  // The output buffer holds a chunk's frame bytes at their worst (a block
  // header per 4 KiB), so the library writes blocks straight into it.
  Encoder(cdma_cctx* cctx, OutputSink& out, size_t chunk)
      : cctx_(cctx), out_(out), buf_(chunk + chunk / 256 + (size_t{64} << 10)) {}

  // How many of `bytes` more to feed, `fed` fed before, when more input
  // follows: up to a block boundary of the frame. With the frame's size
  // pledged, the library then codes every block straight from the input
  // buffer; a part block would be copied into its own buffer and hold up
  // a whole batch there. The part stays in the input buffer and joins the
  // next read (InputStream's kept tail).
  size_t to_block_end(uint64_t fed, size_t bytes) const {
    const uint64_t end = (fed + bytes) / block_ * block_;
    return end > fed ? static_cast<size_t>(end - fed) : bytes;
  }

  // Returns once every byte of `data` is taken, calling `took(n)` after
  // each call of the library with the bytes it took (the progress line
  // moves with every output buffer written, not with every chunk).
  template <typename Took>
  void feed(std::span<const uint8_t> data, Took&& took) {
    cdma_in_buffer in{data.data(), data.size(), 0};
    while (in.pos < in.size) {
      const size_t before = in.pos;
      step(&in, CDMA_E_CONTINUE);
      took(in.pos - before);
    }
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
  IoBuffer buf_;
  size_t block_ = block_size(cctx_);
};

}  // namespace

uint64_t encode_stream(cdma_cctx* cctx, uint64_t memory_limit, InputStream& in, const TensorInput& t,
                       OutputSink& out, Progress& progress) {
  const size_t chunk = start_input(cctx, memory_limit, in);
  Encoder encoder(cctx, out, chunk);
  // Bytes past the promised size are not fed (the library would refuse the
  // frame with a bare "size wrong"), only counted, so that the message can
  // say how many there are.
  const uint64_t limit = t.content_size.value_or(UINT64_MAX);
  uint64_t fed = 0;
  uint64_t total = t.prefix_size;
  // Whole chunks even from a pipe, whose reads return 64 KiB at a time. A
  // mapped file is all available at once: the library codes it in place.
  for (;;) {
    const bool more = in.fill(chunk);  // false: all that is left is buffered
    const auto chunk_bytes = in.available();
    if (chunk_bytes.empty()) break;
    const size_t wanted = static_cast<size_t>(std::min<uint64_t>(chunk_bytes.size(), limit - fed));
    const bool held = more && wanted == chunk_bytes.size();
    const size_t n = held ? encoder.to_block_end(fed, wanted) : wanted;
    encoder.feed(chunk_bytes.first(n), [&](size_t took) {
      in.consume(took);
      fed += took;
      total += took;
      progress.update(total, out.written());
    });
    if (held) continue;
    total += chunk_bytes.size() - n;
    in.consume(chunk_bytes.size() - n);
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
  const size_t chunk = start_input(cctx, memory_limit, in);
  Encoder encoder(cctx, out, chunk);
  uint64_t fed = 0;
  while (fed < size) {
    if (in.available().empty() && !in.fill(1))
      throw CliError(kExitIo, "file ended early (it changed while being read)");
    const auto bytes = in.available();
    const size_t n = static_cast<size_t>(std::min<uint64_t>(bytes.size(), size - fed));
    encoder.feed(bytes.first(n), [&](size_t took) {
      in.consume(took);
      fed += took;
      progress.update(done + fed, out.written());
    });
  }
  encoder.end();
}

}  // namespace cdma::cli

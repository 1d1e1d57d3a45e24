#include "decode_stream.hpp"

#include <algorithm>
#include <vector>

#include "failure.hpp"
#include "frame_checks.hpp"
#include "frame_range.hpp"
#include "io_buffer.hpp"
#include "memory_budget.hpp"
#include "size_arg.hpp"

namespace cdma::cli {
namespace {

// A frame header is at most 24 fixed bytes, the metadata (a 1 MiB prefix,
// dtype, shape) and a checksum (docs/format.md); peeking further than this
// means the bytes are not a header.
constexpr size_t kMaxHeaderPeek = size_t{2} << 20;

std::string frame_name(uint64_t index) { return "frame " + std::to_string(index + 1); }

// Fills `in` until the header of the frame starting at its front parses,
// and returns what it says. `index` counts the frames before it.
cdma_frame_info peek_header(InputStream& in, uint64_t index) {
  size_t want = 1;
  for (;;) {
    const bool complete = in.fill(want);
    const auto head = in.available();
    cdma_frame_info info;
    const size_t r = cdma_get_frame_info(&info, sizeof info, head.data(), head.size());
    if (!cdma_is_error(r)) return info;
    const cdma_error_code code = cdma_get_error_code(r);
    if (code == CDMA_ERROR_src_size_wrong && complete && head.size() < kMaxHeaderPeek) {
      // A header longer than what is buffered (a big prefix): read on,
      // doubling, so a 1 MiB header is not parsed a thousand times.
      want = std::min(std::max(head.size() * 2, size_t{64} << 10), kMaxHeaderPeek);
      continue;
    }
    if (index > 0 && code == CDMA_ERROR_prefix_unknown) {
      // Read on a little, to say how much there is and whether it is padding.
      const bool more = in.fill(kChunkSize + 1);
      throw trailing_data_error(in.available().first(std::min(in.available().size(), kChunkSize)),
                                !more, index);
    }
    if (index == 0 && head.empty()) throw CliError(kExitData, "empty input, not a cdma frame");
    if (code == CDMA_ERROR_src_size_wrong)
      throw CliError(kExitData, "truncated: input ends inside the header of " + frame_name(index));
    throw CliError(kExitData, "cannot read the header of " + frame_name(index) + ": " +
                                  cdma_error_name(r));
  }
}

class Decoder {
 public:
  Decoder(cdma_dctx* dctx, const Options& o, InputStream& in, OutputSink& out, Progress& progress)
      : dctx_(dctx), memory_limit_(o.memory_limit), threads_(resolve_threads(o.threads)), in_(in),
        out_(out), progress_(progress), buf_(kChunkSize) {}

  DecodeTotals run() {
    DecodeTotals totals;
    while (totals.frames == 0 || in_.fill(1)) {
      const cdma_frame_info info = peek_header(in_, totals.frames);
      const std::string name = frame_name(totals.frames);
      seek_table_ = header_has_seek_table(in_.available());
      const std::vector<uint8_t> prefix = read_file_prefix(info, in_.available());
      check_tensor_metadata(info, prefix, name);
      // Planned before any byte of the frame goes out, so that a frame over
      // -M leaves nothing of itself behind (not even its .npy header on -c).
      const MemoryPlan plan = plan_frame(info);
      out_.write(prefix);
      frame_start_ = out_.written();
      const uint64_t content = decode_frame(info, totals.frames, plan);
      totals.contents.push_back(content);
      if (info.content_size == CDMA_CONTENTSIZE_UNKNOWN) {
        // Only now is the size known that the shape must describe.
        cdma_frame_info decoded = info;
        decoded.content_size = content;
        check_tensor_metadata(decoded, prefix, name);
      }
      ++totals.frames;
      if (!info.has_checksum) totals.all_checksummed = false;
    }
    totals.compressed = consumed_;
    totals.restored = out_.written();
    return totals;
  }

 private:
  // Threads and the decoder's limit for this frame's blocks, within -M;
  // throws when the frame cannot fit.
  MemoryPlan plan_frame(const cdma_frame_info& info) const {
    const uint64_t content = info.content_size == CDMA_CONTENTSIZE_UNKNOWN ? UINT64_MAX : info.content_size;
    return plan_decompress(memory_limit_, threads_, info.block_size, content);
  }

  // The decoder stops exactly at the end of the frame, so that the next
  // frame's header reaches peek_header() and its prefix gets written.
  // Returns the content bytes the frame restored.
  uint64_t decode_frame(const cdma_frame_info& info, uint64_t index, const MemoryPlan& plan) {
    check_lib(cdma_dctx_set_param(dctx_, CDMA_DP_THREADS, plan.threads), "--threads", kExitUsage);
    check_lib(cdma_dctx_set_param(dctx_, CDMA_DP_MEMORY_LIMIT, static_cast<int64_t>(plan.library)), "--memory",
              kExitUsage);
    // Buffers of 32 blocks each way: the decoder decodes the whole blocks it
    // finds in the input straight into the output, in parallel, so bigger
    // runs mean fewer waits for the slowest block. Within the plan's chunk.
    const size_t chunk = static_cast<size_t>(std::clamp<uint64_t>(32 * uint64_t{info.block_size}, kChunkSize, plan.chunk));
    // Room for a part block before each read: the decoder leaves it when
    // it decodes in place, and the next read completes it.
    const size_t part_block = size_t{info.block_size} + 64;
    in_.set_chunk_size(chunk, part_block);
    in_.enable_read_ahead();
    buf_.grow(chunk, 0);
    cdma_out_buffer ob{buf_.data(), buf_.size(), 0};
    bool output_full = false;
    const uint64_t written_before = out_.written();
    for (;;) {
      if (!output_full && in_.available().empty() && !in_.fill(1))
        throw CliError(kExitData, "truncated: input ends inside " + frame_name(index));
      const auto head = in_.available();
      // With the output full, the decoder may still hold decoded bytes:
      // give it room, and no input, until they are out. Otherwise it gets
      // all we have: it stops at the frame's end (CDMA_DP_STOP_AT_FRAME_END).
      cdma_in_buffer ib{head.data(), output_full ? 0 : head.size(), 0};
      const size_t r = cdma_decompress_stream(dctx_, &ob, &ib);
      in_.consume(ib.pos);
      consumed_ += ib.pos;
      if (cdma_is_error(r)) fail(r, info, index, out_.written() - frame_start_ + ob.pos);
      output_full = ob.pos == ob.size;
      if (output_full || r == 0) {
        out_.write({buf_.data(), ob.pos});
        ob.pos = 0;
        progress_.update(out_.written(), consumed_);
      }
      if (r == 0 && !output_full) return out_.written() - written_before;
      // A part block left and room in the output: read more behind it (at
      // the end of the input the decoder takes it as is). With more left,
      // the next block did not fit the output's rest: the next call
      // decodes it aside and fills the output.
      if (!output_full && ib.pos < ib.size && ib.size - ib.pos < part_block) in_.fill(ib.size - ib.pos + 1);
    }
  }

  // `produced`: content bytes of the frame decoded before the error.
  [[noreturn]] void fail(size_t r, const cdma_frame_info& info, uint64_t index, uint64_t produced) {
    if (cdma_get_error_code(r) == CDMA_ERROR_memory_limit_exceeded) {
      // The decoder holds at least one block of payload and one decoded.
      const uint64_t need = 2 * uint64_t{info.block_size};
      throw CliError(kExitIo, frame_name(index) + " has " + format_size(info.block_size) +
                                  " blocks and needs at least " + format_size(need) +
                                  " of decoder memory, over the limit of " +
                                  format_size(memory_limit_) + "; raise it with --memory");
    }
    // All the content decoded: what failed comes after it, the seek table
    // most likely (or a last block not flagged as last), which the
    // library's message does not name.
    if (cdma_get_error_code(r) == CDMA_ERROR_corruption_detected && seek_table_ &&
        info.content_size == produced)
      throw CliError(kExitData, frame_name(index) +
                                    ": corrupt after the last block of content: the seek table "
                                    "(block sizes, count or magic) does not match the frame");
    throw CliError(kExitData, frame_name(index) + ": " + cdma_error_name(r));
  }

  cdma_dctx* dctx_;
  uint64_t memory_limit_;
  unsigned threads_;
  InputStream& in_;
  OutputSink& out_;
  Progress& progress_;
  IoBuffer buf_;
  uint64_t consumed_ = 0;
  bool seek_table_ = false;   // the frame in progress ends with a seek table
  uint64_t frame_start_ = 0;  // out_.written() where its content began
};

}  // namespace

DecodeTotals decode_stream(cdma_dctx* dctx, const Options& o, InputStream& in, OutputSink& out,
                           Progress& progress) {
  return Decoder(dctx, o, in, out, progress).run();
}

}  // namespace cdma::cli

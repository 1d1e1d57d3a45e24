// Streaming compression: input of any chunk size is gathered into a batch of
// blocks, coded (on the context's threads), and drained to the caller's
// output as it has room. Memory: one batch of input, its coded output and
// the coding slots, grown as the content needs them, and the codecs'
// workspaces, within the context's memory limit (working_memory()).
//
// After an error the stream refuses every call (stage_wrong) until reset():
// a frame that failed half way must never be continued or written out.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "cdma/cdma.h"
#include "common/checksum.hpp"
#include "common/error.hpp"
#include "frame/frame_codec.hpp"
#include "frame/frame_format.hpp"

namespace cdma {
class ThreadPool;

// Bytes a streaming compressor holds for a batch of `blocks` blocks of
// `block` bytes on `threads` threads: the input, its coded output (a block
// header each), when threaded a coding slot per block, and a codec
// workspace of `workspace` bytes per thread.
uint64_t working_memory(uint64_t blocks, uint64_t block, unsigned threads, uint64_t workspace);

// The least memory limit with which a frame of `pledged` bytes
// (frame::kUnknownContentSize: unknown) starts under `params`: one block
// and one thread's workspace (start_frame refuses below it).
uint64_t least_memory_limit(const frame::CompressParams& params, uint64_t pledged);

class StreamCompressor {
 public:
  size_t pledge(uint64_t size);
  // Abandons the frame in progress, the pledge and a failure.
  void reset();
  // Passes a call's result through; an error fails the stream.
  size_t record(size_t result) {
    if (is_error(result)) failed_ = true;
    return result;
  }
  // The codecs work in `ws`, the context's (one per thread of `pool`).
  size_t step(const frame::CompressParams& params, const frame::TensorMeta& meta, ThreadPool* pool,
              frame::Workspaces& ws, cdma_out_buffer* out, cdma_in_buffer* in, cdma_end_directive end);

 private:
  // Fails with memory_limit_exceeded when one block does not fit the limit.
  size_t start_frame(const frame::CompressParams& params, const frame::TensorMeta& meta, ThreadPool* pool,
                     frame::Workspaces& ws);
  size_t code_pending(bool last, ThreadPool* pool, frame::Workspaces& ws);
  // Codes src[0, size) as the next blocks of the frame: straight into the
  // caller's output when it has room for the worst case and nothing is
  // staged before it, else into staged_.
  size_t code(const uint8_t* src, size_t size, bool last, ThreadPool* pool, frame::Workspaces& ws,
              cdma_out_buffer* out);
  size_t finish_frame();
  size_t drain(cdma_out_buffer* out);

  bool failed_ = false;  // a call failed: nothing more until reset()
  bool in_frame_ = false;
  bool ended_ = false;  // a frame is finished but its last bytes are still staged
  uint64_t pledged_ = frame::kUnknownContentSize;
  uint64_t frame_bytes_ = 0;  // content bytes taken into the current frame
  frame::CompressParams params_;  // frozen for the frame in progress
  std::vector<uint8_t> in_;  // grown up to batch_bytes_ as input comes
  size_t in_size_ = 0;
  size_t batch_bytes_ = 0;  // input coded at once: whole blocks, within the limit
  size_t max_slots_ = 1;    // coding slots the limit allows
  std::vector<uint8_t> staged_;  // frame bytes not yet handed out
  size_t staged_pos_ = 0;
  std::vector<uint8_t> slots_;
  std::vector<frame::SeekEntry> seek_;  // entries of the frame in progress
  std::unique_ptr<Xxh3Stream> hash_;
};

}  // namespace cdma

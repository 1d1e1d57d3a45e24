// Streaming compression: input of any chunk size is gathered into a batch of
// blocks, coded (on the context's threads), and drained to the caller's
// output as it has room. Memory: one batch of input and its coded output.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "cdma/cdma.h"
#include "common/checksum.hpp"
#include "frame/frame_codec.hpp"
#include "frame/frame_format.hpp"

namespace cdma {
class ThreadPool;

class StreamCompressor {
 public:
  size_t pledge(uint64_t size);
  void reset();
  size_t step(const frame::CompressParams& params, const frame::TensorMeta& meta, ThreadPool* pool,
              cdma_out_buffer* out, cdma_in_buffer* in, cdma_end_directive end);

 private:
  void start_frame(const frame::CompressParams& params, const frame::TensorMeta& meta, ThreadPool* pool);
  size_t code_pending(bool last, ThreadPool* pool);
  // Codes src[0, size) as the next blocks of the frame: straight into the
  // caller's output when it has room for the worst case and nothing is
  // staged before it, else into staged_.
  size_t code(const uint8_t* src, size_t size, bool last, ThreadPool* pool, cdma_out_buffer* out);
  size_t finish_frame();
  size_t drain(cdma_out_buffer* out);

  bool in_frame_ = false;
  bool ended_ = false;  // a frame is finished but its last bytes are still staged
  uint64_t pledged_ = frame::kUnknownContentSize;
  uint64_t frame_bytes_ = 0;  // content bytes taken into the current frame
  frame::CompressParams params_;  // frozen for the frame in progress
  std::vector<uint8_t> in_;
  size_t in_size_ = 0;
  std::vector<uint8_t> staged_;  // frame bytes not yet handed out
  size_t staged_pos_ = 0;
  std::vector<uint8_t> slots_;
  std::vector<frame::SeekEntry> seek_;  // entries of the frame in progress
  std::unique_ptr<Xxh3Stream> hash_;
};

}  // namespace cdma

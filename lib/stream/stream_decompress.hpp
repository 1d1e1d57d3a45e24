// Streaming decompression: frame bytes of any chunk size are gathered into a
// batch of whole blocks, decoded (on the context's threads), verified, and
// drained to the caller's output. Concatenated frames decode as one stream.
// Memory: a batch of payloads and of decoded blocks, grown as the frame's
// blocks need them, and the codecs' workspaces, bounded by the limit.
//
// After an error the stream refuses every call (stage_wrong) until reset().
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

class StreamDecompressor {
 public:
  // Abandons the frame in progress and a failure.
  void reset();
  // Passes a call's result through; an error fails the stream.
  size_t record(size_t result) {
    if (is_error(result)) failed_ = true;
    return result;
  }
  // The codecs work in `ws`, the context's (one per thread of `pool`).
  size_t step(ThreadPool* pool, frame::Workspaces& ws, uint64_t memory_limit, bool stop_at_frame_end,
              cdma_out_buffer* out, cdma_in_buffer* in);

 private:
  enum class State { kHeader, kBlockHeader, kPayload, kChecksum, kSeekTable };
  struct Pending {
    size_t offset;  // payload offset in payloads_
    uint32_t raw, compressed;
    uint8_t codec;
  };

  size_t gather(cdma_in_buffer* in, std::vector<uint8_t>* buf, size_t want);
  size_t parse_header(ThreadPool* pool, frame::Workspaces& ws, uint64_t memory_limit);
  size_t decode_batch(ThreadPool* pool, frame::Workspaces& ws);
  // Decodes the whole blocks that follow in `in` straight into `out`, as
  // many as both hold, without copying payloads or output. Returns an
  // error, or 0 with *blocks set to the number decoded (0: none fit).
  size_t decode_direct(ThreadPool* pool, frame::Workspaces& ws, cdma_out_buffer* out, cdma_in_buffer* in,
                       size_t* blocks);
  State after_block();  // the state after the frame's last block
  // A block header at src (12 bytes) after `content` bytes of the frame:
  // parsed and checked against the frame. Returns 0 or the error.
  size_t read_block_header(const uint8_t* src, uint64_t content, frame::BlockHeader* b) const;
  // Counts a block taken into the frame (content, last flag, seek entry).
  void count_block(uint32_t raw_size, uint32_t compressed_size, bool last);
  // After the frame's last block: the content must be what was promised.
  size_t end_of_blocks();
  size_t drain(cdma_out_buffer* out);
  State after_checksum();

  bool failed_ = false;  // a call failed: nothing more until reset()
  State state_ = State::kHeader;
  std::vector<uint8_t> small_;  // header, block header or checksum being gathered
  frame::Header header_;
  size_t batch_blocks_ = 1;
  size_t batch_bytes_ = 0;  // ceiling of payloads_ and of decoded_
  std::vector<Pending> pending_;
  std::vector<uint8_t> payloads_;
  size_t payload_fill_ = 0;   // bytes of the current payload gathered
  uint64_t content_ = 0;       // content bytes of this frame seen in block headers
  bool last_seen_ = false;
  bool frame_ended_ = false;  // a frame just ended and nothing of the next was read
  std::vector<uint32_t> block_bytes_;  // per block, to check the seek table against
  size_t seek_read_ = 0;
  std::vector<uint8_t> decoded_;
  size_t decoded_size_ = 0, decoded_pos_ = 0;
  std::unique_ptr<Xxh3Stream> hash_;
  std::vector<frame::BlockJob> jobs_;  // blocks being decoded, kept to reuse the memory
};

}  // namespace cdma

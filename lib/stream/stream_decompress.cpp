#include "stream/stream_decompress.hpp"

#include <algorithm>
#include <cstring>
#include <utility>

#include "common/endian.hpp"
#include "common/grow.hpp"
#include "common/error.hpp"
#include "common/in_order.hpp"
#include "common/thread_pool.hpp"
#include "frame/frame_codec.hpp"
#include "frame/frame_header.hpp"
#include "frame/workspaces.hpp"

namespace cdma {

void StreamDecompressor::reset() {
  failed_ = false;
  frame_ended_ = false;
  state_ = State::kHeader;
  small_.clear();
  pending_.clear();
  payload_fill_ = 0;
  content_ = 0;
  last_seen_ = false;
  decoded_size_ = decoded_pos_ = 0;
}

size_t StreamDecompressor::gather(cdma_in_buffer* in, std::vector<uint8_t>* buf, size_t want) {
  const size_t take = std::min(want - buf->size(), in->size - in->pos);
  const auto* src = static_cast<const uint8_t*>(in->src) + in->pos;
  buf->insert(buf->end(), src, src + take);
  in->pos += take;
  return want - buf->size();
}

size_t StreamDecompressor::parse_header(ThreadPool* pool, frame::Workspaces& ws, uint64_t memory_limit) {
  CDMA_FORWARD_IF_ERROR(frame::parse_header(small_.data(), small_.size(), &header_));
  // Working memory is a batch of payloads plus a batch of decoded blocks,
  // and a codec workspace per thread; shrink the batch to fit the limit,
  // and refuse a frame whose single block does not fit. A frame that says
  // its content is smaller than a block is held to that
  // (read_block_header), so its blocks count as that small. The buffers
  // grow as the blocks come, never past the batch.
  const uint64_t block = std::min<uint64_t>(header_.block_size(), std::max<uint64_t>(header_.content_size, 1));
  // Threads are lowered first, to as many as have a workspace and a block
  // each within the limit.
  const uint64_t workspace = frame::decode_workspace_bound(header_.element_width, static_cast<size_t>(block));
  auto need = [&](uint64_t blocks, unsigned threads) { return 2 * blocks * block + threads * workspace; };
  const unsigned threads = frame::threads_within(pool != nullptr ? pool->threads() : 1, memory_limit,
                                                 [&](unsigned t) { return need(t, t); });
  CDMA_RETURN_ERROR_IF(need(1, threads) > memory_limit, memory_limit_exceeded);
  batch_blocks_ = threads * frame::kBlocksPerThread;
  while (batch_blocks_ > 1 && need(batch_blocks_, threads) > memory_limit) --batch_blocks_;
  ws.prepare(threads, workspace);
  batch_bytes_ = static_cast<size_t>(batch_blocks_ * block);
  release_above(&payloads_, batch_bytes_);
  release_above(&decoded_, batch_bytes_);
  if (!hash_) hash_ = std::make_unique<Xxh3Stream>();
  hash_->reset();
  content_ = 0;
  last_seen_ = false;
  block_bytes_.clear();
  return 0;
}

StreamDecompressor::State StreamDecompressor::after_checksum() {
  seek_read_ = 0;
  frame_ended_ = !header_.has_seek_table();
  return header_.has_seek_table() ? State::kSeekTable : State::kHeader;
}

size_t StreamDecompressor::decode_batch(ThreadPool* pool, frame::Workspaces& ws) {
  jobs_.clear();
  for (const Pending& p : pending_)
    jobs_.push_back({payloads_.data() + p.offset, p.compressed, p.raw, p.codec});
  // Block i lands at i * block_size; only the last may be short.
  grow_within(&decoded_, (pending_.size() - 1) * header_.block_size() + pending_.back().raw, batch_bytes_);
  CDMA_FORWARD_IF_ERROR(frame::decode_blocks(jobs_, header_.element_width, header_.block_size(),
                                             decoded_.data(), pool, ws,
                                             header_.has_checksum() ? hash_.get() : nullptr));
  // Only the last block of a frame is short, so the batch is contiguous.
  decoded_size_ = 0;
  for (const Pending& p : pending_) decoded_size_ += p.raw;
  decoded_pos_ = 0;
  pending_.clear();
  return 0;
}

StreamDecompressor::State StreamDecompressor::after_block() {
  return header_.has_checksum() ? State::kChecksum : after_checksum();
}

size_t StreamDecompressor::read_block_header(const uint8_t* src, uint64_t content, frame::BlockHeader* b) const {
  CDMA_FORWARD_IF_ERROR(frame::parse_block_header(src, frame::kBlockHeaderSize, header_, b));
  // Only a frame's single block may be empty, and no block may pass the
  // content size the header promised.
  CDMA_RETURN_ERROR_IF(b->raw_size == 0 && (content != 0 || !b->last), corruption_detected);
  if (header_.content_size != frame::kUnknownContentSize)
    CDMA_RETURN_ERROR_IF(content + b->raw_size > header_.content_size, corruption_detected);
  return 0;
}

void StreamDecompressor::count_block(uint32_t raw_size, uint32_t compressed_size, bool last) {
  content_ += raw_size;
  last_seen_ = last;
  if (header_.has_seek_table()) block_bytes_.push_back(frame::kBlockHeaderSize + compressed_size);
}

size_t StreamDecompressor::end_of_blocks() {
  state_ = after_block();
  if (header_.content_size != frame::kUnknownContentSize)
    CDMA_RETURN_ERROR_IF(content_ != header_.content_size, corruption_detected);
  return 0;
}

size_t StreamDecompressor::decode_direct(ThreadPool* pool, frame::Workspaces& ws, cdma_out_buffer* out,
                                         cdma_in_buffer* in, size_t* blocks) {
  // Walks the block headers that are wholly in `in`, with their payloads,
  // while their content fits in `out`. A header the slow path would reject
  // ends the walk: the slow path then reports it, with the same error.
  const auto* src = static_cast<const uint8_t*>(in->src);
  const size_t room = out->size - out->pos;
  jobs_.clear();
  size_t p = in->pos, produced = 0;
  bool last = false;
  while (!last && in->size - p >= frame::kBlockHeaderSize) {
    frame::BlockHeader b;
    if (is_error(read_block_header(src + p, content_ + produced, &b))) break;
    if (in->size - p - frame::kBlockHeaderSize < b.compressed_size || room - produced < b.raw_size) break;
    jobs_.push_back({src + p + frame::kBlockHeaderSize, b.compressed_size, b.raw_size, b.codec});
    p += frame::kBlockHeaderSize + b.compressed_size;
    produced += b.raw_size;
    last = b.last;
  }
  *blocks = jobs_.size();
  if (jobs_.empty()) return 0;
  CDMA_FORWARD_IF_ERROR(frame::decode_blocks(jobs_, header_.element_width, header_.block_size(),
                                             static_cast<uint8_t*>(out->dst) + out->pos, pool, ws,
                                             header_.has_checksum() ? hash_.get() : nullptr));
  for (size_t i = 0; i < jobs_.size(); ++i)
    count_block(jobs_[i].raw_size, jobs_[i].compressed_size, last && i + 1 == jobs_.size());
  in->pos = p;
  out->pos += produced;
  return last_seen_ ? end_of_blocks() : 0;
}

size_t StreamDecompressor::drain(cdma_out_buffer* out) {
  const size_t n = std::min(decoded_size_ - decoded_pos_, out->size - out->pos);
  if (n) std::memcpy(static_cast<uint8_t*>(out->dst) + out->pos, decoded_.data() + decoded_pos_, n);
  out->pos += n;
  decoded_pos_ += n;
  return decoded_size_ - decoded_pos_;
}

size_t StreamDecompressor::step(ThreadPool* pool, frame::Workspaces& ws, uint64_t memory_limit,
                                bool stop_at_frame_end, cdma_out_buffer* out, cdma_in_buffer* in) {
  CDMA_RETURN_ERROR_IF(failed_, stage_wrong);
  const size_t out_start = out->pos;
  for (;;) {
    if (drain(out) != 0) return 1;  // output full: call again with more room
    switch (state_) {
      case State::kHeader: {
        if (small_.empty() && in->pos == in->size) {  // between frames
          frame_ended_ = false;
          return 0;
        }
        // Stop once at a frame's end; the next call reads the next frame.
        if (std::exchange(frame_ended_, false) && stop_at_frame_end) return 0;
        // The header size is learnt in two steps: 24 bytes hold the fixed
        // fields and, with metadata, the metadata size.
        size_t want = frame::kMinHeaderSize;
        if (small_.size() >= frame::kMinHeaderSize && (small_[5] & frame::kFlagMetadata)) {
          const uint32_t meta = load_le32(small_.data() + frame::kFixedHeaderSize);
          CDMA_RETURN_ERROR_IF(meta == 0 || meta > frame::kMaxMetadataSize, corruption_detected);
          want = frame::kFixedHeaderSize + 4 + meta + frame::kHeaderChecksumSize;
        }
        const size_t left = gather(in, &small_, want);
        // Garbage fails as soon as its first byte is in.
        CDMA_RETURN_ERROR_IF(!frame::starts_like_magic(small_.data(), small_.size()), prefix_unknown);
        if (left != 0) return left;
        if (want == frame::kMinHeaderSize && (small_[5] & frame::kFlagMetadata)) break;  // learn the full size
        CDMA_FORWARD_IF_ERROR(parse_header(pool, ws, memory_limit));
        small_.clear();
        state_ = State::kBlockHeader;
        break;
      }
      case State::kBlockHeader: {
        if (small_.empty() && pending_.empty()) {
          size_t blocks = 0;
          CDMA_FORWARD_IF_ERROR(decode_direct(pool, ws, out, in, &blocks));
          if (blocks != 0) break;
          // This call decoded in place, and the next block no longer fits
          // the output or is not wholly in the input: return, so that the
          // caller makes room or brings more input and the block is decoded
          // in place too, rather than copied here, decoded and copied out.
          if (out->pos > out_start) return 1;
        }
        if (const size_t left = gather(in, &small_, frame::kBlockHeaderSize)) return left;
        frame::BlockHeader b;
        CDMA_FORWARD_IF_ERROR(read_block_header(small_.data(), content_, &b));
        small_.clear();
        const size_t offset = pending_.empty() ? 0 : pending_.back().offset + pending_.back().compressed;
        grow_within(&payloads_, offset + b.compressed_size, batch_bytes_);
        pending_.push_back({offset, b.raw_size, b.compressed_size, b.codec});
        count_block(b.raw_size, b.compressed_size, b.last);
        payload_fill_ = 0;
        state_ = State::kPayload;
        break;
      }
      case State::kPayload: {
        const Pending& p = pending_.back();
        const size_t take = std::min<size_t>(p.compressed - payload_fill_, in->size - in->pos);
        if (take) std::memcpy(payloads_.data() + p.offset + payload_fill_, static_cast<const uint8_t*>(in->src) + in->pos, take);
        in->pos += take;
        payload_fill_ += take;
        if (payload_fill_ < p.compressed) return p.compressed - payload_fill_;
        if (pending_.size() == batch_blocks_ || last_seen_) CDMA_FORWARD_IF_ERROR(decode_batch(pool, ws));
        if (!last_seen_) {
          state_ = State::kBlockHeader;
          break;
        }
        CDMA_FORWARD_IF_ERROR(end_of_blocks());
        break;
      }
      case State::kChecksum: {
        if (const size_t left = gather(in, &small_, frame::kContentChecksumSize)) return left;
        CDMA_RETURN_ERROR_IF(load_le64(small_.data()) != hash_->digest(), checksum_wrong);
        small_.clear();
        state_ = after_checksum();
        break;
      }
      case State::kSeekTable: {
        // Entries are read one at a time so memory stays a few bytes per block.
        const size_t n = block_bytes_.size();
        if (const size_t left = gather(in, &small_, frame::kSeekEntrySize)) return left;
        const uint32_t first = load_le32(small_.data()), second = load_le32(small_.data() + 4);
        if (seek_read_ < n) {
          CDMA_RETURN_ERROR_IF(first != block_bytes_[seek_read_], corruption_detected);
        } else {
          CDMA_RETURN_ERROR_IF(first != n || second != frame::kSeekMagic, corruption_detected);
          state_ = State::kHeader;
          frame_ended_ = true;
        }
        ++seek_read_;
        small_.clear();
        break;
      }
    }
  }
}

}  // namespace cdma

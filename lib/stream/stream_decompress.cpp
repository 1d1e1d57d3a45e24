#include "stream/stream_decompress.hpp"

#include <algorithm>
#include <cstring>

#include "common/endian.hpp"
#include "common/error.hpp"
#include "common/in_order.hpp"
#include "common/thread_pool.hpp"
#include "frame/frame_codec.hpp"
#include "frame/frame_header.hpp"
#include "pipeline/block_codec.hpp"

namespace cdma {

void StreamDecompressor::reset() {
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

size_t StreamDecompressor::parse_header(ThreadPool* pool, uint64_t memory_limit) {
  CDMA_FORWARD_IF_ERROR(frame::parse_header(small_.data(), small_.size(), &header_));
  // Working memory is a batch of payloads plus a batch of decoded blocks;
  // shrink the batch to fit the limit, and refuse a frame whose single
  // block does not fit.
  const size_t block = header_.block_size();
  CDMA_RETURN_ERROR_IF(2 * static_cast<uint64_t>(block) > memory_limit, memory_limit_exceeded);
  batch_blocks_ = (pool != nullptr ? pool->threads() : 1) * frame::kBlocksPerThread;
  while (batch_blocks_ > 1 && 2 * static_cast<uint64_t>(batch_blocks_) * block > memory_limit) --batch_blocks_;
  payloads_.resize(batch_blocks_ * block);
  decoded_.resize(batch_blocks_ * block);
  if (!hash_) hash_ = std::make_unique<Xxh3Stream>();
  hash_->reset();
  content_ = 0;
  last_seen_ = false;
  block_bytes_.clear();
  return 0;
}

StreamDecompressor::State StreamDecompressor::after_checksum() {
  seek_read_ = 0;
  return header_.has_seek_table() ? State::kSeekTable : State::kHeader;
}

size_t StreamDecompressor::decode_batch(ThreadPool* pool) {
  const size_t block = header_.block_size();
  std::vector<size_t> results(pending_.size());
  // Decoded blocks are hashed in order while later ones decode (InOrder).
  bool failed = false;
  auto hash = [&](size_t i) {
    failed = failed || is_error(results[i]);
    if (header_.has_checksum() && !failed) hash_->update(decoded_.data() + i * block, pending_[i].raw);
  };
  InOrder<decltype(hash)&> order(pending_.size(), hash);
  auto task = [&](size_t i) {
    const Pending& p = pending_[i];
    results[i] = decode_block(p.codec, header_.element_width, payloads_.data() + p.offset, p.compressed,
                              decoded_.data() + i * block, p.raw);
    order.finished(i);
  };
  if (pool != nullptr) {
    pool->run(pending_.size(), task);
  } else {
    for (size_t i = 0; i < pending_.size(); ++i) task(i);
  }
  for (size_t r : results) CDMA_FORWARD_IF_ERROR(r);
  // Only the last block of a frame is short, so the batch is contiguous.
  decoded_size_ = 0;
  for (const Pending& p : pending_) decoded_size_ += p.raw;
  decoded_pos_ = 0;
  pending_.clear();
  return 0;
}

size_t StreamDecompressor::drain(cdma_out_buffer* out) {
  const size_t n = std::min(decoded_size_ - decoded_pos_, out->size - out->pos);
  if (n) std::memcpy(static_cast<uint8_t*>(out->dst) + out->pos, decoded_.data() + decoded_pos_, n);
  out->pos += n;
  decoded_pos_ += n;
  return decoded_size_ - decoded_pos_;
}

size_t StreamDecompressor::step(ThreadPool* pool, uint64_t memory_limit, cdma_out_buffer* out,
                                cdma_in_buffer* in) {
  for (;;) {
    if (drain(out) != 0) return 1;  // output full: call again with more room
    switch (state_) {
      case State::kHeader: {
        if (small_.empty() && in->pos == in->size) return 0;  // between frames
        // The header size is learnt in two steps: 24 bytes hold the fixed
        // fields and, with metadata, the metadata size.
        size_t want = frame::kMinHeaderSize;
        if (small_.size() >= frame::kMinHeaderSize && (small_[5] & frame::kFlagMetadata)) {
          const uint32_t meta = load_le32(small_.data() + frame::kFixedHeaderSize);
          CDMA_RETURN_ERROR_IF(meta == 0 || meta > frame::kMaxMetadataSize, corruption_detected);
          want = frame::kFixedHeaderSize + 4 + meta + frame::kHeaderChecksumSize;
        }
        const size_t left = gather(in, &small_, want);
        // Garbage fails as soon as its first four bytes are in.
        if (small_.size() >= 4) CDMA_RETURN_ERROR_IF(load_le32(small_.data()) != frame::kMagic, prefix_unknown);
        if (left != 0) return left;
        if (want == frame::kMinHeaderSize && (small_[5] & frame::kFlagMetadata)) break;  // learn the full size
        CDMA_FORWARD_IF_ERROR(parse_header(pool, memory_limit));
        small_.clear();
        state_ = State::kBlockHeader;
        break;
      }
      case State::kBlockHeader: {
        if (const size_t left = gather(in, &small_, frame::kBlockHeaderSize)) return left;
        frame::BlockHeader b;
        CDMA_FORWARD_IF_ERROR(frame::parse_block_header(small_.data(), small_.size(), header_, &b));
        small_.clear();
        CDMA_RETURN_ERROR_IF(b.raw_size == 0 && (content_ != 0 || !b.last), corruption_detected);
        if (header_.content_size != frame::kUnknownContentSize)
          CDMA_RETURN_ERROR_IF(content_ + b.raw_size > header_.content_size, corruption_detected);
        const size_t offset = pending_.empty() ? 0 : pending_.back().offset + pending_.back().compressed;
        pending_.push_back({offset, b.raw_size, b.compressed_size, b.codec});
        content_ += b.raw_size;
        last_seen_ = b.last;
        if (header_.has_seek_table()) block_bytes_.push_back(frame::kBlockHeaderSize + b.compressed_size);
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
        if (pending_.size() == batch_blocks_ || last_seen_) CDMA_FORWARD_IF_ERROR(decode_batch(pool));
        if (!last_seen_) {
          state_ = State::kBlockHeader;
          break;
        }
        if (header_.content_size != frame::kUnknownContentSize)
          CDMA_RETURN_ERROR_IF(content_ != header_.content_size, corruption_detected);
        state_ = header_.has_checksum() ? State::kChecksum : after_checksum();
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
        }
        ++seek_read_;
        small_.clear();
        break;
      }
    }
  }
}

}  // namespace cdma

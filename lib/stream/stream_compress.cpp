#include "stream/stream_compress.hpp"

#include <algorithm>
#include <cstring>

#include "common/endian.hpp"
#include "common/grow.hpp"
#include "common/error.hpp"
#include "common/thread_pool.hpp"
#include "frame/frame_codec.hpp"
#include "frame/frame_header.hpp"
#include "frame/workspaces.hpp"

namespace cdma {

uint64_t working_memory(uint64_t blocks, uint64_t block, unsigned threads, uint64_t workspace) {
  const uint64_t coded = blocks * (frame::kBlockHeaderSize + block);
  return blocks * block + coded + (threads > 1 ? coded : 0) + threads * workspace;
}

namespace {

// Blocks are as big as the content when it is known to be smaller.
uint64_t sized_block_of(const frame::CompressParams& params, uint64_t pledged) {
  const uint64_t block = uint64_t{1} << params.block_log;
  return pledged != frame::kUnknownContentSize ? std::clamp<uint64_t>(pledged, 1, block) : block;
}

}  // namespace

uint64_t least_memory_limit(const frame::CompressParams& params, uint64_t pledged) {
  const uint64_t block = sized_block_of(params, pledged);
  return working_memory(1, block, 1, frame::encode_workspace_bound(params, static_cast<size_t>(block)));
}

size_t StreamCompressor::pledge(uint64_t size) {
  CDMA_RETURN_ERROR_IF(failed_, stage_wrong);
  CDMA_RETURN_ERROR_IF(in_frame_, generic);
  pledged_ = size;
  return 0;
}

void StreamCompressor::reset() {
  failed_ = false;
  in_frame_ = false;
  ended_ = false;
  pledged_ = frame::kUnknownContentSize;
  frame_bytes_ = 0;
  in_size_ = 0;
  staged_.clear();
  staged_pos_ = 0;
  seek_.clear();
}

size_t StreamCompressor::start_frame(const frame::CompressParams& params, const frame::TensorMeta& meta,
                                     ThreadPool* pool, frame::Workspaces& ws) {
  params_ = params;
  // A batch is a run of blocks per thread, fewer when the content is known
  // to be smaller or the memory limit is lower; blocks are as big as the
  // content when it is smaller than one.
  // Threads are lowered first, to as many as have a workspace and a block
  // each within the limit (the bytes are the same on any number).
  const uint64_t block = uint64_t{1} << params.block_log;
  const uint64_t sized_block = sized_block_of(params, pledged_);
  const uint64_t workspace = frame::encode_workspace_bound(params, static_cast<size_t>(sized_block));
  const unsigned threads = frame::threads_within(
      pool != nullptr ? pool->threads() : 1, params.memory_limit,
      [&](unsigned t) { return working_memory(t, sized_block, t, workspace); });
  CDMA_RETURN_ERROR_IF(least_memory_limit(params, pledged_) > params.memory_limit, memory_limit_exceeded);
  uint64_t blocks = uint64_t{threads} * frame::kBlocksPerThread;
  if (pledged_ != frame::kUnknownContentSize) blocks = std::clamp<uint64_t>((pledged_ + block - 1) / block, 1, blocks);
  while (blocks > 1 && working_memory(blocks, sized_block, threads, workspace) > params.memory_limit) --blocks;
  ws.prepare(threads, workspace);
  batch_bytes_ = static_cast<size_t>(blocks * block);
  max_slots_ = static_cast<size_t>(blocks);
  release_above(&in_, batch_bytes_);
  release_above(&slots_, static_cast<size_t>(blocks * (frame::kBlockHeaderSize + sized_block)));
  const frame::Header h = frame::frame_header_for(params, pledged_);
  const size_t hsize = frame::header_size(meta);
  staged_.resize(hsize);
  frame::write_header(staged_.data(), h, meta);
  staged_pos_ = 0;
  in_size_ = 0;
  frame_bytes_ = 0;
  seek_.clear();
  if (!hash_) hash_ = std::make_unique<Xxh3Stream>();
  hash_->reset();
  in_frame_ = true;
  return 0;
}

size_t StreamCompressor::code(const uint8_t* src, size_t size, bool last, ThreadPool* pool,
                              frame::Workspaces& ws, cdma_out_buffer* out) {
  const size_t block = size_t{1} << params_.block_log;
  const size_t blocks = std::max<size_t>(1, (size + block - 1) / block);
  const size_t worst = blocks * frame::kBlockHeaderSize + size;
  Xxh3Stream* hash = params_.checksum ? hash_.get() : nullptr;
  if (staged_.size() == staged_pos_ && out != nullptr && out->size - out->pos >= worst) {
    // Zero copy out: the blocks land where the caller wants them.
    const size_t n = frame::code_blocks(params_, src, size, last, static_cast<uint8_t*>(out->dst) + out->pos,
                                        out->size - out->pos, pool, ws, max_slots_, &slots_, &seek_, hash);
    CDMA_FORWARD_IF_ERROR(n);
    out->pos += n;
    return 0;
  }
  const size_t old = staged_.size();
  staged_.resize(old + worst);
  const size_t n = frame::code_blocks(params_, src, size, last, staged_.data() + old, staged_.size() - old,
                                      pool, ws, max_slots_, &slots_, &seek_, hash);
  CDMA_FORWARD_IF_ERROR(n);
  staged_.resize(old + n);
  return 0;
}

size_t StreamCompressor::code_pending(bool last, ThreadPool* pool, frame::Workspaces& ws) {
  // The final, possibly partial batch goes through staged_: the frame's
  // checksum and seek table follow it there.
  CDMA_FORWARD_IF_ERROR(code(in_.data(), in_size_, last, pool, ws, nullptr));
  in_size_ = 0;
  return 0;
}

size_t StreamCompressor::finish_frame() {
  in_frame_ = false;
  CDMA_RETURN_ERROR_IF(pledged_ != frame::kUnknownContentSize && pledged_ != frame_bytes_, src_size_wrong);
  pledged_ = frame::kUnknownContentSize;  // a pledge covers one frame
  if (params_.checksum) {
    const size_t old = staged_.size();
    staged_.resize(old + frame::kContentChecksumSize);
    store_le64(staged_.data() + old, hash_->digest());
  }
  if (params_.seek_table) {
    const size_t old = staged_.size();
    staged_.resize(old + frame::seek_table_size(seek_.size()));
    frame::write_seek_table(seek_, staged_.data() + old);
  }
  return 0;
}

size_t StreamCompressor::drain(cdma_out_buffer* out) {
  const size_t n = std::min(staged_.size() - staged_pos_, out->size - out->pos);
  if (n) std::memcpy(static_cast<uint8_t*>(out->dst) + out->pos, staged_.data() + staged_pos_, n);
  out->pos += n;
  staged_pos_ += n;
  if (staged_pos_ == staged_.size()) {
    staged_.clear();
    staged_pos_ = 0;
  }
  return staged_.size() - staged_pos_;
}

size_t StreamCompressor::step(const frame::CompressParams& params, const frame::TensorMeta& meta,
                              ThreadPool* pool, frame::Workspaces& ws, cdma_out_buffer* out,
                              cdma_in_buffer* in, cdma_end_directive end) {
  CDMA_RETURN_ERROR_IF(failed_, stage_wrong);
  if (size_t left = drain(out)) return left;
  if (ended_) {  // the last bytes of a finished frame just went out
    ended_ = false;
    return 0;
  }
  const auto* src = static_cast<const uint8_t*>(in->src);
  const bool has_input = in->pos < in->size;
  // As in zstd, END with no input still makes a (possibly empty) frame;
  // FLUSH with nothing in flight has nothing to do.
  if (!in_frame_ && (has_input || end == CDMA_E_END)) CDMA_FORWARD_IF_ERROR(start_frame(params, meta, pool, ws));
  if (!in_frame_) return 0;

  const size_t out_start = out->pos;
  for (;;) {
    // Zero copy in: with nothing buffered and more than a whole batch in
    // the caller's buffer (so the batch is not the frame's last), the
    // blocks are coded from the caller's memory. A pledge that more input
    // follows these bytes says as much without a byte more: then a whole
    // batch, or all the whole blocks, of the caller's bytes will do.
    const size_t avail = in->size - in->pos;
    const bool more_follows = pledged_ != frame::kUnknownContentSize && frame_bytes_ + avail < pledged_;
    if (in_size_ == 0 && (avail > batch_bytes_ || (more_follows && avail == batch_bytes_))) {
      // At least a batch; more, in whole blocks, when they go straight into
      // the caller's output: fewer, longer parallel runs.
      const size_t block = size_t{1} << params_.block_log;
      size_t take = batch_bytes_;
      if (staged_.size() == staged_pos_) {
        const size_t fit = (out->size - out->pos) / (block + frame::kBlockHeaderSize) * block;
        const size_t whole = (more_follows ? avail : avail - 1) / block * block;
        take = std::max(take, std::min(fit, whole));
        // This call already coded into the caller's output and the rest of
        // it cannot take the next batch whole: return, so that the caller
        // writes its output out and the batch is coded straight into it
        // next call, rather than staged here and copied. Only when
        // continuing: FLUSH and END promise to take all the input.
        if (end == CDMA_E_CONTINUE && out->pos > out_start &&
            out->size - out->pos < take / block * frame::kBlockHeaderSize + take)
          return 0;
      }
      if (pledged_ != frame::kUnknownContentSize && frame_bytes_ + take > pledged_)
        return make_error(CDMA_ERROR_src_size_wrong);
      CDMA_FORWARD_IF_ERROR(code(src + in->pos, take, false, pool, ws, out));
      in->pos += take;
      frame_bytes_ += take;
      if (size_t left = drain(out)) return left;
      continue;
    }
    const size_t take = std::min(batch_bytes_ - in_size_, in->size - in->pos);
    if (pledged_ != frame::kUnknownContentSize && frame_bytes_ + take > pledged_)
      return make_error(CDMA_ERROR_src_size_wrong);
    grow_within(&in_, in_size_ + take, batch_bytes_);
    if (take) std::memcpy(in_.data() + in_size_, src + in->pos, take);  // src may be null when empty
    in_size_ += take;
    in->pos += take;
    frame_bytes_ += take;
    // A full batch is coded only once more input shows it is not the last,
    // so the final block of a frame is never empty.
    if (in_size_ < batch_bytes_ || in->pos == in->size) break;
    CDMA_FORWARD_IF_ERROR(code_pending(false, pool, ws));
    if (size_t left = drain(out)) return left;
  }
  if (end == CDMA_E_CONTINUE) return 0;
  CDMA_FORWARD_IF_ERROR(code_pending(true, pool, ws));
  CDMA_FORWARD_IF_ERROR(finish_frame());
  const size_t left = drain(out);
  ended_ = left != 0;
  return left;
}

}  // namespace cdma

#include <algorithm>

#include "common/checksum.hpp"
#include "common/endian.hpp"
#include "common/error.hpp"
#include "common/in_order.hpp"
#include "common/thread_pool.hpp"
#include "frame/block_index.hpp"
#include "frame/frame_codec.hpp"
#include "frame/frame_header.hpp"
#include "frame/workspaces.hpp"
#include "pipeline/block_codec.hpp"

namespace cdma::frame {

uint64_t decode_workspace_bound(unsigned width, size_t block) { return ::cdma::decode_workspace_bound(width, block); }

size_t decode_blocks(const std::vector<BlockJob>& jobs, unsigned element_width, size_t block_size,
                     uint8_t* dst, ThreadPool* pool, Workspaces& ws, Xxh3Stream* content_hash) {
  // Block k always starts at k * block_size in the content, so blocks decode
  // independently, in any order, on any thread; only the checksum needs
  // them in order.
  std::vector<size_t> results(jobs.size(), 0);
  bool failed = false;
  auto hash = [&](size_t i) {
    failed = failed || is_error(results[i]);
    if (content_hash != nullptr && !failed) content_hash->update(dst + i * block_size, jobs[i].raw_size);
  };
  InOrder<decltype(hash)&> order(jobs.size(), hash);
  auto task = [&](size_t i, unsigned worker) {
    const BlockJob& j = jobs[i];
    // A block the checksum hashes next stays in cache for it; frames
    // without a checksum, which cached stores slowed, keep the streamed
    // ones (figures: bench/kernel-design.md, "Frame and checksum").
    results[i] = decode_block(ws.at(worker), j.codec, element_width, j.payload, j.compressed_size, dst + i * block_size,
                              j.raw_size, content_hash != nullptr);
    order.finished(i);
  };
  if (pool != nullptr) {
    pool->run(jobs.size(), task, ws.threads());  // no more threads than have a workspace
  } else {
    for (size_t i = 0; i < jobs.size(); ++i) task(i, 0);
  }
  for (size_t r : results) CDMA_FORWARD_IF_ERROR(r);  // the first failing block, in order
  return 0;
}

size_t decode_indexed_blocks(const Header& h, const BlockIndex& index, const uint8_t* src,
                             size_t first, size_t count, uint8_t* dst, ThreadPool* pool, Workspaces& ws,
                             Xxh3Stream* content_hash) {
  std::vector<BlockJob> jobs(count);
  for (size_t i = 0; i < count; ++i) {
    const BlockRef& b = index.blocks[first + i];
    jobs[i] = {src + b.payload, b.compressed_size, b.raw_size, b.codec};
  }
  return decode_blocks(jobs, h.element_width, h.block_size(), dst, pool, ws, content_hash);
}

size_t decompress(const uint8_t* src, size_t src_size, uint8_t* dst, size_t dst_capacity,
                  ThreadPool* pool, Workspaces& ws) {
  Header h;
  CDMA_FORWARD_IF_ERROR(parse_header(src, src_size, &h));
  // Refuse before decoding anything when the recorded size cannot fit.
  if (h.content_size != kUnknownContentSize)
    CDMA_RETURN_ERROR_IF(h.content_size > dst_capacity, dst_too_small);
  BlockIndex index;
  const size_t end = index_blocks(h, src, src_size, &index);
  CDMA_FORWARD_IF_ERROR(end);
  CDMA_RETURN_ERROR_IF(end != src_size, src_size_wrong);
  CDMA_RETURN_ERROR_IF(index.content_size > dst_capacity, dst_too_small);
  Xxh3Stream hash;
  // One-shot decoding has no limit: a workspace for every thread.
  ws.prepare(pool != nullptr ? pool->threads() : 1, UINT64_MAX);
  CDMA_FORWARD_IF_ERROR(decode_indexed_blocks(h, index, src, 0, index.blocks.size(), dst, pool, ws,
                                              h.has_checksum() ? &hash : nullptr));
  const size_t content = static_cast<size_t>(index.content_size);
  if (h.has_checksum())
    CDMA_RETURN_ERROR_IF(load_le64(src + index.checksum_offset) != hash.digest(), checksum_wrong);
  return content;
}

size_t compressed_size(const uint8_t* src, size_t src_size) {
  Header h;
  CDMA_FORWARD_IF_ERROR(parse_header(src, src_size, &h));
  BlockIndex index;
  return index_blocks(h, src, src_size, &index);
}

}  // namespace cdma::frame

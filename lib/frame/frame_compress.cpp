#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <cstring>
#include <vector>

#include "common/checksum.hpp"
#include "common/endian.hpp"
#include "common/error.hpp"
#include "common/in_order.hpp"
#include "common/thread_pool.hpp"
#include "frame/frame_codec.hpp"
#include "frame/frame_header.hpp"
#include "frame/workspaces.hpp"
#include "pipeline/block_codec.hpp"

namespace cdma::frame {

bool codec_requestable(unsigned codec) { return ::cdma::codec_requestable(codec); }
uint64_t encode_workspace_bound(const CompressParams& p, size_t block) {
  return ::cdma::encode_workspace_bound(p.codec, p.level, p.element_width, block);
}
const char* codec_name(unsigned codec) { return ::cdma::codec_name(codec); }
int codec_from_name(const char* name) { return ::cdma::codec_from_name(name); }

size_t compress_bound(size_t src_size, const TensorMeta& meta, bool seek_table) {
  const size_t min_block = size_t{1} << kMinBlockLog;
  const size_t blocks = std::max<size_t>(1, src_size / min_block + (src_size % min_block != 0));
  const size_t overhead = header_size(meta) + blocks * kBlockHeaderSize + kContentChecksumSize +
                          (seek_table ? seek_table_size(blocks) : 0);
  CDMA_RETURN_ERROR_IF(src_size > make_error(CDMA_ERROR_maxCode) - overhead - 1, src_size_wrong);
  return src_size + overhead;
}

namespace {

// The ring of slots of code_blocks(): block k may use slot k % ring once
// block k - ring has been committed (appended to the output).
class SlotGate {
 public:
  explicit SlotGate(size_t ring) : ring_(ring) {}
  void wait_for(size_t k) {
    std::unique_lock<std::mutex> lock(mu_);
    ready_.wait(lock, [&] { return k < committed_ + ring_; });
  }
  void committed(size_t count) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      committed_ = count;
    }
    ready_.notify_all();
  }

 private:
  const size_t ring_;
  std::mutex mu_;
  std::condition_variable ready_;
  size_t committed_ = 0;
};

// Codes one block (header + payload) at dst, which holds kBlockHeaderSize +
// raw bytes at least; returns the bytes written.
size_t code_block(Workspace& ws, const CompressParams& p, const uint8_t* src, size_t raw, bool last,
                  uint8_t* dst, bool to_scratch = false) {
  const EncodedBlock e = encode_block(ws, p.codec, p.level, p.element_width, src, raw,
                                      dst + kBlockHeaderSize, raw, to_scratch);
  BlockHeader bh;
  bh.codec = e.codec;
  bh.last = last;
  bh.raw_size = static_cast<uint32_t>(raw);
  bh.compressed_size = static_cast<uint32_t>(e.size);
  write_block_header(dst, bh);
  return kBlockHeaderSize + e.size;
}

}  // namespace

uint32_t block_checksum(const uint8_t* data, size_t size) {
  return static_cast<uint32_t>(xxh3_64(data, size));
}

void write_seek_table(const std::vector<SeekEntry>& seek, uint8_t* dst) {
  for (const SeekEntry& e : seek) {
    store_le32(dst, e.block_bytes);
    store_le32(dst + 4, e.checksum);
    dst += kSeekEntrySize;
  }
  store_le32(dst, static_cast<uint32_t>(seek.size()));
  store_le32(dst + 4, kSeekMagic);
}

size_t code_blocks(const CompressParams& p, const uint8_t* src, size_t size, bool last,
                   uint8_t* dst, size_t cap, ThreadPool* pool, Workspaces& ws, size_t max_slots,
                   std::vector<uint8_t>* slots, std::vector<SeekEntry>* seek,
                   Xxh3Stream* content_hash) {
  const size_t block = size_t{1} << p.block_log;
  const size_t blocks = std::max<size_t>(1, (size + block - 1) / block);
  // No more threads than have a workspace: as many as the limit holds.
  const unsigned threads = pool != nullptr ? std::min(pool->threads(), ws.threads()) : 1;
  // Slots hold a block each, as big as the content's blocks (a small input
  // never gets whole blocks of the block size), and no more of them than
  // there are blocks or than the caller's memory allows.
  const size_t slot = kBlockHeaderSize + std::min(block, std::max<size_t>(size, 1));
  const size_t ring = std::min({static_cast<size_t>(threads) * kBlocksPerThread, blocks,
                                std::max<size_t>(max_slots, 1)});
  size_t pos = 0;
  // Hashing each block right after coding it reads it from cache, not memory.
  auto account = [&](size_t k, size_t raw, size_t n) {
    if (content_hash != nullptr) content_hash->update(src + k * block, raw);
    if (p.seek_table) seek->push_back({static_cast<uint32_t>(n), block_checksum(src + k * block, raw)});
  };
  if (threads == 1 || ring == 1) {
    for (size_t k = 0; k < blocks; ++k) {
      const size_t raw = std::min(block, size - k * block);
      size_t n;
      if (cap - pos >= kBlockHeaderSize + raw) {
        n = code_block(ws.at(0), p, src + k * block, raw, last && k + 1 == blocks, dst + pos);
      } else {
        // No room for the block's worst case: code it aside and keep it if
        // it fits, so that whether a frame fits depends on its bytes only,
        // as on the threaded path, never on the thread count.
        slots->resize(std::max(slots->size(), kBlockHeaderSize + raw));
        n = code_block(ws.at(0), p, src + k * block, raw, last && k + 1 == blocks, slots->data());
        CDMA_RETURN_ERROR_IF(cap - pos < n, dst_too_small);
        std::memcpy(dst + pos, slots->data(), n);
      }
      account(k, raw, n);
      pos += n;
    }
    return pos;
  }
  // Blocks are coded into a ring of private slots and appended in order, so
  // the output does not depend on the thread count. Appending and hashing
  // run in order on whichever thread completes the prefix (InOrder),
  // overlapped with the coding of later blocks; there is no barrier until
  // the end, only a wait for a slot when one thread runs a ring ahead.
  slots->resize(std::max(slots->size(), ring * slot));
  std::vector<size_t> sizes(ring);
  std::atomic<size_t> error{0};
  std::atomic<bool> failed{false};
  std::exception_ptr thrown;
  SlotGate gate(ring);
  auto commit = [&](size_t k) {
    const size_t i = k % ring;
    if (error.load(std::memory_order_relaxed) == 0 && !failed.load(std::memory_order_relaxed)) {
      if (cap - pos < sizes[i]) {
        error = make_error(CDMA_ERROR_dst_too_small);
      } else {
        std::memcpy(dst + pos, slots->data() + i * slot, sizes[i]);
        pos += sizes[i];
        account(k, std::min(block, size - k * block), sizes[i]);
      }
    }
    gate.committed(k + 1);
  };
  InOrder<decltype(commit)&> order(blocks, commit);
  pool->run(blocks, [&](size_t k, unsigned worker) {
    gate.wait_for(k);
    if (error.load(std::memory_order_relaxed) == 0 && !failed.load(std::memory_order_relaxed)) {
      try {
        const size_t raw = std::min(block, size - k * block);
        sizes[k % ring] = code_block(ws.at(worker), p, src + k * block, raw, last && k + 1 == blocks,
                                     slots->data() + (k % ring) * slot, /*to_scratch=*/true);
      } catch (...) {
        // Every block must still reach finished(), or later ones would wait
        // for their slots forever; the exception is rethrown below.
        if (!failed.exchange(true)) thrown = std::current_exception();
      }
    }
    order.finished(k);
  }, threads);
  if (thrown) std::rethrow_exception(thrown);
  return error != 0 ? error.load() : pos;
}

Header frame_header_for(const CompressParams& p, uint64_t content_size) {
  Header h;
  h.flags = (p.checksum ? kFlagContentChecksum : 0) | (p.seek_table ? kFlagSeekTable : 0);
  h.element_width = p.element_width;
  h.block_log = p.block_log;
  h.codec = static_cast<uint8_t>(p.codec);
  h.level = static_cast<uint8_t>(p.level);
  h.content_size = content_size;
  return h;
}

size_t compress(const CompressParams& p, const TensorMeta& meta, const uint8_t* src, size_t size,
                uint8_t* dst, size_t cap, ThreadPool* pool, Workspaces& ws) {
  const Header h = frame_header_for(p, size);
  CDMA_RETURN_ERROR_IF(cap < header_size(meta), dst_too_small);
  size_t pos = write_header(dst, h, meta);
  std::vector<uint8_t> slots;
  std::vector<SeekEntry> seek;
  Xxh3Stream hash;
  // The working memory of a one-shot compression: the codecs' workspaces,
  // one per thread, and the slots. As many threads as have a workspace and
  // a slot each within the limit: the bytes are the same on any number.
  const size_t block = size_t{1} << p.block_log;
  const size_t slot = kBlockHeaderSize + block;
  const uint64_t each = encode_workspace_bound(p, std::min(block, std::max<size_t>(size, 1)));
  const unsigned threads = threads_within(pool != nullptr ? pool->threads() : 1, p.memory_limit,
                                          [&](unsigned t) { return t * (each + slot); });
  ws.prepare(threads, each);
  const uint64_t room = p.memory_limit - std::min(p.memory_limit, threads * each);
  const size_t max_slots = static_cast<size_t>(std::min<uint64_t>(room / slot, SIZE_MAX));
  const size_t blocks = code_blocks(p, src, size, true, dst + pos, cap - pos, pool, ws, max_slots, &slots,
                                    &seek, p.checksum ? &hash : nullptr);
  CDMA_FORWARD_IF_ERROR(blocks);
  pos += blocks;
  if (p.checksum) {
    CDMA_RETURN_ERROR_IF(cap - pos < kContentChecksumSize, dst_too_small);
    store_le64(dst + pos, hash.digest());
    pos += kContentChecksumSize;
  }
  if (p.seek_table) {
    CDMA_RETURN_ERROR_IF(cap - pos < seek_table_size(seek.size()), dst_too_small);
    write_seek_table(seek, dst + pos);
    pos += seek_table_size(seek.size());
  }
  return pos;
}

}  // namespace cdma::frame

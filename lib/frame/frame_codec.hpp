// One-shot frame compression and decompression over whole buffers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "frame/frame_format.hpp"

namespace cdma {
class ThreadPool;
class Xxh3Stream;
}

namespace cdma::frame {

struct BlockIndex;
class Workspaces;

// The default limit on a context's working memory, both directions.
inline constexpr uint64_t kDefaultMemoryLimit = uint64_t{1} << 30;

struct CompressParams {
  unsigned codec = 255;  // cdma_codec, AUTO by default
  int level = 3;
  unsigned element_width = 4;
  unsigned block_log = kDefaultBlockLog;
  bool checksum = true;
  bool seek_table = false;
  // Bytes of working memory compression may hold (cdma_param
  // CDMA_P_MEMORY_LIMIT); not written in the frame.
  uint64_t memory_limit = kDefaultMemoryLimit;
};

// Whether a caller may request `codec` (a cdma_codec value): AUTO or a
// codec this build encodes, ZERO excepted (the pipeline's rule).
bool codec_requestable(unsigned codec);

// The names of the codec ids, and back (the pipeline's, from the registry).
const char* codec_name(unsigned codec);
int codec_from_name(const char* name);

// Worst case for any block size the format allows (blocks of 4 KiB).
size_t compress_bound(size_t src_size, const TensorMeta& meta, bool seek_table = false);

// Blocks are coded on `pool` when given; the bytes are the same for any
// number of threads. The codecs work in `ws`, one per thread, which the
// memory limit counts: when it cannot hold a workspace per thread and a
// block, the blocks are coded on the calling thread alone.
size_t compress(const CompressParams& p, const TensorMeta& meta, const uint8_t* src, size_t size,
                uint8_t* dst, size_t dst_capacity, ThreadPool* pool, Workspaces& ws);

// The header compress() writes for these parameters.
Header frame_header_for(const CompressParams& p, uint64_t content_size);

// Codes `size` bytes as consecutive blocks at dst (the final one flagged
// last when `last`); `slots` is reusable scratch, at most `max_slots`
// blocks (and never fewer than one), for the threaded path and for a block
// whose worst case does not fit in dst; the codecs work in ws.at(worker).
// Returns bytes written or an error (dst_too_small): the same for any
// thread count.
// With p.seek_table, one entry per block is appended to *seek; the bytes
// coded are fed, in order, to content_hash unless it is null.
size_t code_blocks(const CompressParams& p, const uint8_t* src, size_t size, bool last,
                   uint8_t* dst, size_t dst_capacity, ThreadPool* pool, Workspaces& ws, size_t max_slots,
                   std::vector<uint8_t>* slots, std::vector<SeekEntry>* seek,
                   Xxh3Stream* content_hash);

// The most one thread's codec workspace holds while compressing with `p`
// blocks of up to `block` bytes, and while decoding any blocks of up to
// `block` bytes of `width`-byte elements (pipeline/block_codec.hpp): what
// a memory limit counts per thread.
uint64_t encode_workspace_bound(const CompressParams& p, size_t block);
uint64_t decode_workspace_bound(unsigned width, size_t block);

// Blocks in flight per thread when coding in parallel: more of them make the
// wait for a batch's last block a smaller share of the time, fewer keep the
// scratch (a block per block in flight) small.
inline constexpr size_t kBlocksPerThread = 8;

// The seek table's per-block checksum: low 32 bits of XXH3-64.
uint32_t block_checksum(const uint8_t* data, size_t size);

// Bytes of a seek table for `blocks` blocks, and the table itself.
constexpr size_t seek_table_size(size_t blocks) { return blocks * kSeekEntrySize + kSeekFooterSize; }
void write_seek_table(const std::vector<SeekEntry>& seek, uint8_t* dst);

// Decodes content [offset, offset + length) into dst (see cdma_decompress_range).
size_t decompress_range(const uint8_t* src, size_t src_size, uint64_t offset, uint64_t length,
                        uint8_t* dst, size_t dst_capacity, ThreadPool* pool, Workspaces& ws);

// Decodes the single frame that occupies all of src.
size_t decompress(const uint8_t* src, size_t src_size, uint8_t* dst, size_t dst_capacity,
                  ThreadPool* pool, Workspaces& ws);

// One block to decode: its payload, sizes and codec.
struct BlockJob {
  const uint8_t* payload;
  uint32_t compressed_size, raw_size;
  uint8_t codec;
};

// Decodes jobs[i] to dst + i * block_size (every block but the last is
// whole), on `pool` when given (the codecs working in ws.at(worker)), and feeds the decoded bytes in order to
// content_hash unless it is null: InOrder hashes each finished prefix while
// later blocks decode, reading every block while it is still in cache.
// Returns 0 or the first failing block's error, in block order.
size_t decode_blocks(const std::vector<BlockJob>& jobs, unsigned element_width, size_t block_size,
                     uint8_t* dst, ThreadPool* pool, Workspaces& ws, Xxh3Stream* content_hash);

// Decodes blocks [first, first + count) of an indexed frame into dst, which
// receives block `first` at offset 0. Returns 0 or the first block's error.
// The decoded bytes are fed, in order, to content_hash unless it is null.
size_t decode_indexed_blocks(const Header& h, const BlockIndex& index, const uint8_t* src,
                             size_t first, size_t count, uint8_t* dst, ThreadPool* pool, Workspaces& ws,
                             Xxh3Stream* content_hash = nullptr);

// Size of the frame at the start of src, found by walking block headers.
size_t compressed_size(const uint8_t* src, size_t src_size);

}  // namespace cdma::frame

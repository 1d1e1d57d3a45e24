// How -M/--memory bounds the whole working memory of a compress or a
// decompress: the CLI's I/O buffers and the library context's memory (its
// memory limit, which counts the codecs' per-thread workspaces) all come
// out of it. With M the limit, T the threads, B the block size (or the
// content size when smaller) and C the I/O chunk:
//
//   C = clamp(M / 32, 1 MiB, 32 MiB), I/O = 4 C (two read buffers, the
//   unread tail of one, the output buffer)
//   scratch = T x 10 B (the codecs' per-thread workspaces as planned here,
//   lib/codecs/workspace.hpp: the split codec's buffers take at most about
//   7 blocks at width 1, with their 25% rounding)
//   library = M - I/O, which must hold one block besides the scratch
//   (compress: 2 B + 12, and 3 B + 24 with threads; decompress: 2 B)
//
// Compressing, the library's share is never less than the least limit the
// library itself names for one thread (cdma_cctx_memory_need), times T.
// Threads are lowered (the output is the same for any count) until the
// library's share holds a block; with one thread too many, the command is
// refused with the -M it needs. The README states the same formula.
#pragma once

#include <cstddef>
#include <cstdint>

namespace cdma::cli {

struct MemoryPlan {
  size_t chunk = 0;      // bytes per input read and output buffer
  unsigned threads = 1;  // threads to code with (at most what -T asked)
  uint64_t library = 0;  // the context's memory limit; 0: none
};

// `memory` is -M (0: none), `threads` -T resolved (>= 1), `block` the block
// size, `content` the content size (UINT64_MAX: unknown), `library_least`
// what cdma_cctx_memory_need() says one thread needs. Throws CliError
// when one thread does not fit, naming the -M needed (compress: usage,
// decompress: kExitIo, as for any frame over the limit).
MemoryPlan plan_compress(uint64_t memory, unsigned threads, uint64_t block, uint64_t content,
                         uint64_t library_least);
MemoryPlan plan_decompress(uint64_t memory, unsigned threads, uint64_t block, uint64_t content);

// -T as a count: 0 means every core.
unsigned resolve_threads(int threads);

// The largest I/O chunk, and the chunk for a limit of `memory` (0: none).
inline constexpr size_t kMaxIoChunk = size_t{32} << 20;
size_t io_chunk(uint64_t memory);

}  // namespace cdma::cli

#include "memory_budget.hpp"

#include <algorithm>
#include <string>
#include <thread>

#include "failure.hpp"
#include "input_stream.hpp"
#include "size_arg.hpp"

namespace cdma::cli {
namespace {

constexpr uint64_t kIoChunks = 4;
constexpr uint64_t kScratchBlocksPerThread = 10;

uint64_t compress_library(uint64_t block, unsigned threads) {
  const uint64_t coded = block + 12;  // a block and its block header
  return block + coded + (threads > 1 ? coded : 0);
}

uint64_t decompress_library(uint64_t block, unsigned) { return 2 * block; }

// What the library needs for one block of `block` bytes on `threads`.
using LibraryNeed = uint64_t (*)(uint64_t block, unsigned threads);

// `library_least` is the library's own least limit for one thread (0: not
// known), which the estimate below must not undercut: at the zstd levels
// a small block's scratch is mostly zstd's context, not blocks.
MemoryPlan plan(uint64_t memory, unsigned threads, uint64_t block, uint64_t content, LibraryNeed library_need,
                uint64_t library_least, int exit_code, const std::string& what) {
  MemoryPlan p;
  p.threads = std::max(1u, threads);
  if (memory > INT64_MAX) memory = 0;  // as good as none
  p.chunk = io_chunk(memory);
  if (memory == 0) return p;
  block = std::min(block, content);  // a frame smaller than a block holds one, that small
  const uint64_t io = kIoChunks * p.chunk;
  auto scratch = [&](unsigned t) { return t * kScratchBlocksPerThread * block; };
  auto library = [&](unsigned t) { return std::max(scratch(t) + library_need(block, t), t * library_least); };
  auto need = [&](unsigned t) { return io + library(t); };
  while (p.threads > 1 && need(p.threads) > memory) --p.threads;
  if (need(p.threads) > memory) {
    // The smallest M that holds one thread: a bigger M also takes bigger
    // I/O chunks, so grow until the chunks it brings fit too.
    const uint64_t rest = library(1);
    uint64_t least = rest;
    while (kIoChunks * io_chunk(least) + rest > least) least = kIoChunks * io_chunk(least) + rest;
    // In whole KiB rounded up, so that the figure shown, passed back to
    // -M, is enough: a rounded "4.75 MiB" could fall a few bytes short.
    const uint64_t least_kib = (least + 1023) / 1024;
    throw CliError(exit_code, what + " blocks of " + format_size(block) + " needs --memory " +
                                  std::to_string(least_kib) + "K (" + format_size(least_kib * 1024) +
                                  ") at least, over the limit of " + format_size(memory) +
                                  "; raise it with -M");
  }
  // The library's limit counts its codec workspaces (the scratch) itself.
  p.library = memory - io;
  return p;
}

}  // namespace

unsigned resolve_threads(int threads) {
  if (threads > 0) return static_cast<unsigned>(threads);
  return std::max(1u, std::thread::hardware_concurrency());
}

size_t io_chunk(uint64_t memory) {
  if (memory == 0) return kMaxIoChunk;
  return static_cast<size_t>(std::clamp<uint64_t>(memory / 32, kChunkSize, kMaxIoChunk));
}

MemoryPlan plan_compress(uint64_t memory, unsigned threads, uint64_t block, uint64_t content,
                         uint64_t library_least) {
  return plan(memory, threads, block, content, compress_library, library_least, kExitUsage, "compressing");
}

MemoryPlan plan_decompress(uint64_t memory, unsigned threads, uint64_t block, uint64_t content) {
  return plan(memory, threads, block, content, decompress_library, 0, kExitIo, "decoding");
}

}  // namespace cdma::cli

// The working memory of block coding: what a codec needs besides its input
// and output (buffers of about a block each, zstd contexts, lz4's HC
// state), kept between blocks because building it per block would put an
// mmap and page faults on every 128 KiB. Whoever codes blocks owns one
// Workspace per thread that codes (a context holds them for its caller and
// for each pool worker) and passes it down to the codec; nothing is kept
// anywhere else, so freeing the owner frees it all. Not thread safe: one
// thread uses a Workspace at a time.
#pragma once

#include <cstddef>
#include <cstdint>

struct ZSTD_CCtx_s;
struct ZSTD_DCtx_s;

namespace cdma {

// The buffers a Workspace holds, one per use.
enum class ScratchSlot { kZvc, kValues, kMatches, kPlanes, kStream, kLz4Hc, kCount };

class Workspace {
 public:
  Workspace() = default;
  ~Workspace();
  Workspace(const Workspace&) = delete;
  Workspace& operator=(const Workspace&) = delete;

  // A buffer of at least `size` bytes (64-byte aligned, contents
  // unspecified, readable 64 bytes past `size`) that stays valid until the
  // same slot is requested again. Throws std::bad_alloc when memory runs out.
  uint8_t* scratch(ScratchSlot slot, size_t size);

  // zstd contexts, created on first use; nullptr when memory runs out.
  ZSTD_CCtx_s* zstd_compressor();
  ZSTD_DCtx_s* zstd_decompressor();

  // Bytes held now, everything included.
  uint64_t bytes() const;
  // Frees everything; the next use allocates again.
  void release();

  // What scratch() holds at most for a request of `size` bytes (it rounds
  // up so that slowly growing requests do not reallocate each time).
  static uint64_t scratch_bytes(uint64_t size);

 private:
  struct Buffer {
    uint8_t* data = nullptr;
    size_t size = 0;  // usable bytes, 64 fewer than allocated
  };
  Buffer buffers_[static_cast<size_t>(ScratchSlot::kCount)];
  ZSTD_CCtx_s* zstd_c_ = nullptr;
  ZSTD_DCtx_s* zstd_d_ = nullptr;
};

}  // namespace cdma

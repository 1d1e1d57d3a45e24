#include "codecs/workspace.hpp"

#include <zstd.h>

#include <cstdlib>
#include <new>

namespace cdma {

Workspace::~Workspace() { release(); }

uint64_t Workspace::scratch_bytes(uint64_t size) {
  // +25% so that slowly growing requests do not reallocate each time; +64
  // lets SIMD kernels read a vector past the end harmlessly.
  return ((size + size / 4 + 64) + 63) / 64 * 64;
}

uint8_t* Workspace::scratch(ScratchSlot slot, size_t size) {
  Buffer& b = buffers_[static_cast<size_t>(slot)];
  if (b.size < size || b.data == nullptr) {  // never hand out null, even for 0 bytes (memcpy)
    const size_t want = static_cast<size_t>(scratch_bytes(size));
    void* p = std::aligned_alloc(64, want);
    if (p == nullptr) throw std::bad_alloc();
    std::free(b.data);
    b.data = static_cast<uint8_t*>(p);
    b.size = want - 64;
  }
  return b.data;
}

ZSTD_CCtx* Workspace::zstd_compressor() {
  if (zstd_c_ == nullptr) zstd_c_ = ZSTD_createCCtx();
  return zstd_c_;
}

ZSTD_DCtx* Workspace::zstd_decompressor() {
  if (zstd_d_ == nullptr) zstd_d_ = ZSTD_createDCtx();
  return zstd_d_;
}

uint64_t Workspace::bytes() const {
  uint64_t n = 0;
  for (const Buffer& b : buffers_)
    if (b.data != nullptr) n += b.size + 64;
  return n + ZSTD_sizeof_CCtx(zstd_c_) + ZSTD_sizeof_DCtx(zstd_d_);
}

void Workspace::release() {
  for (Buffer& b : buffers_) {
    std::free(b.data);
    b = Buffer{};
  }
  ZSTD_freeCCtx(zstd_c_);
  ZSTD_freeDCtx(zstd_d_);
  zstd_c_ = nullptr;
  zstd_d_ = nullptr;
}

}  // namespace cdma

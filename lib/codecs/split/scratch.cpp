#include "codecs/split/scratch.hpp"

#include <cstdlib>
#include <new>

namespace cdma {
namespace {

struct Buffer {
  uint8_t* data = nullptr;
  size_t size = 0;
  ~Buffer() { std::free(data); }
};

thread_local Buffer tls_buffers[static_cast<size_t>(ScratchSlot::kCount)];

}  // namespace

uint8_t* scratch(ScratchSlot slot, size_t size) {
  Buffer& b = tls_buffers[static_cast<size_t>(slot)];
  if (b.size < size || b.data == nullptr) {  // never hand out null, even for 0 bytes (memcpy)
    // Round up so that slowly growing requests do not reallocate each time;
    // +64 lets SIMD kernels read a vector past the end harmlessly.
    const size_t want = ((size + size / 4 + 64) + 63) / 64 * 64;
    void* p = std::aligned_alloc(64, want);
    if (p == nullptr) throw std::bad_alloc();
    std::free(b.data);
    b.data = static_cast<uint8_t*>(p);
    b.size = want - 64;
  }
  return b.data;
}

}  // namespace cdma

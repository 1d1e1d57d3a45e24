// 64-byte-aligned buffers for every timed byte: glibc memcpy runs several
// times slower when source and destination differ in alignment (figures:
// bench/kernel-design.md), and each codec deserves the footing memcpy gets.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>

namespace cdma::benchkit {

struct FreeDeleter {
  void operator()(uint8_t* p) const { std::free(p); }
};

class AlignedBuffer {
 public:
  AlignedBuffer() = default;
  // Allocates and touches `size` bytes, so that no page fault lands in a
  // timed loop. Throws std::bad_alloc.
  explicit AlignedBuffer(size_t size);

  uint8_t* data() { return p_.get(); }
  const uint8_t* data() const { return p_.get(); }
  size_t size() const { return size_; }

 private:
  std::unique_ptr<uint8_t[], FreeDeleter> p_;
  size_t size_ = 0;
};

}  // namespace cdma::benchkit

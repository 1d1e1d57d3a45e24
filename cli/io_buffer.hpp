// The CLI's big I/O buffers (read chunks, coded output): anonymous memory
// mapped on its own, on 2 MiB boundaries with transparent huge pages asked
// for, and never zero-filled. A std::vector of the same size is written
// twice (its zeros, then the data) and costs a page fault per 4 KiB, which
// on a virtual machine took a fifth of a 256 MiB compression's time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>

namespace cdma::cli {

class IoBuffer {
 public:
  IoBuffer() = default;
  // Throws CliError (kExitIo) when the memory cannot be had.
  explicit IoBuffer(size_t size);
  IoBuffer(IoBuffer&& other) noexcept { swap(other); }
  IoBuffer& operator=(IoBuffer&& other) noexcept {
    IoBuffer(std::move(other)).swap(*this);
    return *this;
  }
  IoBuffer(const IoBuffer&) = delete;
  IoBuffer& operator=(const IoBuffer&) = delete;
  ~IoBuffer();

  uint8_t* data() { return data_; }
  const uint8_t* data() const { return data_; }
  size_t size() const { return size_; }

  // Makes the buffer at least `size` bytes, keeping its first `keep`.
  void grow(size_t size, size_t keep);

  void swap(IoBuffer& other) noexcept {
    std::swap(data_, other.data_);
    std::swap(size_, other.size_);
    std::swap(mapped_, other.mapped_);
  }

 private:
  uint8_t* data_ = nullptr;
  size_t size_ = 0;
  size_t mapped_ = 0;  // bytes mapped at data_ (size_ rounded up)
};

}  // namespace cdma::cli

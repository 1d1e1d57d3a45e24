#include "io_buffer.hpp"

#include <sys/mman.h>

#include <cstring>
#include <utility>

#include "failure.hpp"

namespace cdma::cli {
namespace {

constexpr size_t kHugePage = size_t{2} << 20;

}  // namespace

IoBuffer::IoBuffer(size_t size) {
  if (size == 0) return;
  // Whole huge pages, at a huge page boundary: map one more and trim.
  const size_t rounded = (size + kHugePage - 1) / kHugePage * kHugePage;
  void* p = mmap(nullptr, rounded + kHugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw CliError(kExitIo, "out of memory for a " + std::to_string(size) + "-byte buffer");
  auto* base = static_cast<uint8_t*>(p);
  const size_t lead = (kHugePage - reinterpret_cast<uintptr_t>(base) % kHugePage) % kHugePage;
  if (lead) munmap(base, lead);
  if (kHugePage - lead) munmap(base + lead + rounded, kHugePage - lead);
  data_ = base + lead;
  mapped_ = rounded;
  size_ = size;
  // Only a hint: without huge pages the buffer works the same, slower.
  madvise(data_, mapped_, MADV_HUGEPAGE);
}

IoBuffer::~IoBuffer() {
  if (data_) munmap(data_, mapped_);
}

void IoBuffer::grow(size_t size, size_t keep) {
  if (size <= size_) return;
  if (size <= mapped_) {
    size_ = size;
    return;
  }
  IoBuffer bigger(size);
  if (keep) std::memcpy(bigger.data(), data_, keep);
  swap(bigger);
}

}  // namespace cdma::cli

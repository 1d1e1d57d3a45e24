#include "benchkit/aligned.hpp"

#include <algorithm>
#include <cstring>
#include <new>

namespace cdma::benchkit {

AlignedBuffer::AlignedBuffer(size_t size) : size_(size) {
  const size_t rounded = (std::max<size_t>(size, 1) + 63) / 64 * 64;
  auto* p = static_cast<uint8_t*>(std::aligned_alloc(64, rounded));
  if (p == nullptr) throw std::bad_alloc();
  std::memset(p, 0, rounded);
  p_.reset(p);
}

}  // namespace cdma::benchkit

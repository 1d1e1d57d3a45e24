// Growing a buffer by what its content needs, within a ceiling: doubling
// keeps the number of reallocations logarithmic, and the ceiling keeps the
// doubling from overshooting a memory limit (std::vector's own growth may
// reach twice what was asked for).
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

namespace cdma {

// Makes buf hold at least `need` bytes (need <= ceiling), its capacity never
// past `ceiling`.
template <typename T>
void grow_within(std::vector<T>* buf, size_t need, size_t ceiling) {
  if (buf->size() >= need) return;
  if (buf->capacity() < need) buf->reserve(std::min(ceiling, std::max(need, 2 * buf->capacity())));
  buf->resize(need);
}

// Gives the memory back when a buffer holds more than a new ceiling allows.
template <typename T>
void release_above(std::vector<T>* buf, size_t ceiling) {
  if (buf->capacity() > ceiling) std::vector<T>().swap(*buf);
}

}  // namespace cdma

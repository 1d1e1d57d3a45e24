// Counts the bytes live in operator new allocations of this process, so a
// test can bound what a decoder allocates (alloc_counter.cpp replaces the
// global operator new/delete of the contract_tests binary). Memory taken
// with malloc directly (Highway, the split codec's per-thread scratch) is
// not seen; the library's own buffers and vectors all go through new.
#pragma once

#include <cstddef>

namespace cdma::test {

// The largest number of live bytes since construction, above what was
// live at construction.
class AllocPeak {
 public:
  AllocPeak();
  size_t peak() const;

 private:
  size_t base_;
};

}  // namespace cdma::test

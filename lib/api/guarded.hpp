// The one exception guard of the C ABI: no C++ exception crosses it. Each
// entry point of cdma.h that can allocate runs its body inside guarded(),
// which turns an exception into the error code the caller can test.
#pragma once

#include <cstddef>
#include <new>

#include "common/error.hpp"

namespace cdma {

// f(), or memory_allocation for std::bad_alloc (from std::vector and
// std::string inside the library), or generic for any other exception.
template <typename F>
size_t guarded(F&& f) noexcept {
  try {
    return f();
  } catch (const std::bad_alloc&) {
    return make_error(CDMA_ERROR_memory_allocation);
  } catch (...) {
    return make_error(CDMA_ERROR_generic);
  }
}

}  // namespace cdma

// Byte moves for the many short runs of activations, where a memcpy or
// memset call of variable size costs more than the bytes it moves. Runs up
// to kWild bytes move as fixed 32-byte copies (compiled to vector moves of
// whatever target inlines them) whenever both buffers have kWild bytes of
// room; the bytes written past the run are overwritten later (decode: by the
// next run; encode: by the next literals, since to_end is where the literal
// area ends). Longer runs and runs at the buffer ends use memcpy/memset.
//
// Plain C++ rather than Highway ops on purpose: the shared walks that call
// it are compiled for the baseline target, and GCC will not inline a
// target-specific function into them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace cdma::zrle {

struct WildFill {
  static constexpr size_t kWild = 64;
  const uint8_t* from_end;  // reads stay below this
  const uint8_t* to_end;    // writes stay below this

  void copy(uint8_t* to, const uint8_t* from, size_t bytes) const {
    if (bytes <= kWild && static_cast<size_t>(to_end - to) >= kWild &&
        static_cast<size_t>(from_end - from) >= kWild) {
      std::memcpy(to, from, 32);
      if (bytes > 32) std::memcpy(to + 32, from + 32, 32);
      return;
    }
    std::memcpy(to, from, bytes);
  }

  void zeros(uint8_t* to, size_t bytes) const {
    if (bytes <= kWild && static_cast<size_t>(to_end - to) >= kWild) {
      std::memset(to, 0, 32);
      if (bytes > 32) std::memset(to + 32, 0, 32);
      return;
    }
    std::memset(to, 0, bytes);
  }
};

}  // namespace cdma::zrle

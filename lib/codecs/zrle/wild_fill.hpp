// Byte moves for the many short runs of activations, where a memcpy or
// memset call of variable size costs more than the bytes it moves. Runs up
// to kWild bytes move as one fixed-size copy of kWild bytes (compiled to
// vector moves of whatever target inlines it, no branch on the length)
// whenever both buffers have room; the bytes written past the run are
// overwritten later (decode: by the next run; encode: by the next literals,
// since to_end is where the literal area ends). Longer runs and runs at the
// buffer ends use memcpy/memset.
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
      std::memcpy(to, from, kWild);
      return;
    }
    std::memcpy(to, from, bytes);
  }

  void zeros(uint8_t* to, size_t bytes) const {
    if (bytes <= kWild && static_cast<size_t>(to_end - to) >= kWild) {
      std::memset(to, 0, kWild);
      return;
    }
    std::memset(to, 0, bytes);
  }

  // A pair of runs, the common case of decoding, with one test for both.
  void pair(uint8_t* to, size_t zero_bytes, const uint8_t* from, size_t literal_bytes) const {
    if ((zero_bytes | literal_bytes) <= kWild && static_cast<size_t>(to_end - to) >= 2 * kWild &&
        static_cast<size_t>(from_end - from) >= kWild) {
      std::memset(to, 0, kWild);
      std::memcpy(to + zero_bytes, from, kWild);
      return;
    }
    zeros(to, zero_bytes);
    copy(to + zero_bytes, from, literal_bytes);
  }
};

}  // namespace cdma::zrle

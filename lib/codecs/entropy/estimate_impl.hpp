// encode()'s choices from a histogram (estimate.cpp), split so that the
// Shannon bound can come from a cheap approximation without ever changing
// a choice: the choices are monotone in the bound, so when they agree at
// both ends of the approximation's error interval they are those of the
// exact bound, and only otherwise is the exact bound (256 logarithms)
// computed.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "codecs/entropy/entropy.hpp"

namespace cdma::entropy {

// shannon_bits(hist, n) lies within bits +- error.
struct ShannonBound {
  double bits;
  double error;
};

// shannon_bits() with the logarithms of counts below kLog2TableSize from a
// table computed at compile time, so with a few log2 calls at most (the
// large counts), not one per present symbol.
ShannonBound shannon_bound(const uint32_t hist[256], size_t n);

inline constexpr uint32_t kLog2TableSize = 1024;
extern const std::array<double, kLog2TableSize> kLog2Table;  // [c] = log2(c) (c >= 1)

// The table part of estimate_size() for a histogram of n symbols, at least
// two of them distinct.
size_t estimate_table_size(const uint32_t hist[256], size_t n, const EncodeOptions& options);

// estimate_size() of a rANS stream, from its table part and the Shannon
// bound; not capped at RAW's size.
size_t estimate_rans_size(size_t table, double bits, const EncodeOptions& options);

// What encode() does with a stream of n >= 1 symbols and at least two
// distinct ones: rANS with `lanes` lanes, or RAW.
struct Coding {
  bool rans;
  unsigned lanes;
  bool operator==(const Coding&) const = default;
};

// The coding for the exact Shannon bound, taken from `bound` when that
// decides it, else from shannon_bits(hist, n).
Coding choose_coding(const uint32_t hist[256], size_t n, size_t table, ShannonBound bound,
                     const EncodeOptions& options);

}  // namespace cdma::entropy

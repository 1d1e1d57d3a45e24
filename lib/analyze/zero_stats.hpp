// One pass over a tensor's elements in storage order: how many are nonzero,
// how the zeros group into runs, and the byte histogram the exponent entropy
// is computed from.
#pragma once

#include <array>
#include <cstdint>

#include "analyze/tensor.hpp"

namespace cdma::analyze {

// Zeros in runs at least this long are what run-length coding and the
// all-zero block fallback win on; a ZVC mask byte covers 8 elements, so a
// 32-zero run is four all-zero mask bytes in a row.
inline constexpr uint64_t kLongRun = 32;

using ByteHistogram = std::array<uint64_t, 256>;

// Counts are exact integers so that directories and totals can add them up
// and tests can compare them without tolerance.
struct ZeroStats {
  uint64_t elements = 0;
  uint64_t nonzero = 0;         // elements with any nonzero bit (-0.0 and NaN count)
  uint64_t zero_runs = 0;       // maximal runs of consecutive zero elements
  uint64_t long_run_zeros = 0;  // zeros that lie in runs of kLongRun or more
  uint64_t longest_run = 0;
  // Histogram of the exponent byte of every nonzero element; all zero when
  // the tensor has no exponent byte (Tensor::exponent_byte).
  ByteHistogram exponent_histogram{};

  void add(const ZeroStats& other);  // pools two tensors' counts
};

ZeroStats scan_zeros(const Tensor& t);

// Fraction of elements that are nonzero; 0 for an empty tensor.
double density(const ZeroStats& s);
// Mean length of a zero run; 0 when there are no zeros.
double mean_zero_run(const ZeroStats& s);
// Fraction of the zeros that lie in runs of kLongRun or more; 0 without zeros.
double long_run_fraction(const ZeroStats& s);
// Order-0 Shannon entropy, in bits per symbol, of a byte histogram; 0 when
// the histogram is empty.
double entropy_bits(const ByteHistogram& h);
// True when the histogram holds at least one symbol.
bool has_symbols(const ByteHistogram& h);

}  // namespace cdma::analyze

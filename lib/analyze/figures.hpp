// The figures reported for one tensor, and the same figures pooled over a
// directory or over everything: exact counts that add up, from which the
// printed fractions and ratios are derived. Pooling is by count, not by
// averaging averages: a directory's density is its nonzero elements over
// its elements, its ratio its original bytes over its compressed bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analyze/zero_stats.hpp"

namespace cdma::analyze {

struct ChannelCounts {
  std::string layout;  // "nchw", "nhwc", or "mixed" for a pool of both
  uint64_t channels = 0;
  uint64_t zero_channels = 0;
  uint64_t maps = 0;
  uint64_t zero_maps = 0;
};

struct Figures {
  std::string name;   // a tensor's path, a directory, or "total"
  std::string dtype;  // cdma name ("" when none); for a pool, the distinct names joined by ','
  std::string descr;  // tensors only: the .npy type string, "structured" or "raw"
  std::string shape;  // tensors only: "8x16x32x32", "()" for 0-d, "" when unknown
  uint64_t tensors = 0;
  uint64_t bytes = 0;  // element bytes (a .npy header is not counted)
  ZeroStats zeros;
  std::optional<ChannelCounts> channels;  // only when some tensor is 4-d
  // Per method of the RatioPlan: the original bytes of the tensors the
  // method was measured on, and their compressed bytes. A method that failed
  // on a tensor contributes to neither.
  std::vector<uint64_t> measured_bytes;
  std::vector<uint64_t> compressed;

  // Adds `t`'s counts to this pool.
  void add(const Figures& t);

  // original / compressed for method `m`; nullopt when nothing was measured.
  std::optional<double> ratio(size_t m) const;
  // The method with the highest ratio (the first one on ties); nullopt when
  // no method was measured (an empty tensor).
  std::optional<size_t> best() const;
  // Entropy of the exponent byte of the nonzero values; nullopt for types
  // without one and for tensors without nonzero values.
  std::optional<double> exponent_entropy() const;
};

}  // namespace cdma::analyze

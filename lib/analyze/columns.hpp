// Shared pieces of the renderings: the grouping of a plan's methods into
// one column per codec (numbers as text: text/number_text.hpp).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "analyze/figures.hpp"
#include "analyze/ratios.hpp"

namespace cdma::analyze {

// One column per cdma codec (all its measured levels) and per library
// method, in plan order: "zvc", "split", ..., "libzstd-1", "liblz4".
struct CodecColumn {
  std::string header;
  std::vector<size_t> methods;
};
std::vector<CodecColumn> codec_columns(const RatioPlan& plan);

// The best ratio among `methods` of `f`, with its method; nullopt when none
// was measured.
std::optional<std::pair<size_t, double>> best_of(const Figures& f,
                                                 const std::vector<size_t>& methods);

// "3/16" all-zero channels of all channels, or "-" without a 4-d shape.
std::string zero_channels_text(const Figures& f);

}  // namespace cdma::analyze

// `cdma bench --plot FILE.svg`: compression ratio against throughput, one
// panel for compression and one for decompression, a point per method
// (coloured by library), memcpy as a dashed line, and the Pareto front
// (no other method is both faster and smaller) joined by a line: the
// picture a user chooses a codec from. Hand-written SVG 1.1.
#pragma once

#include <string>

#include "benchkit/runner.hpp"

namespace cdma::benchkit {

// `title` heads the chart (e.g. the inputs); the run's facts follow it.
std::string plot_svg(const Run& run, const std::string& title);

}  // namespace cdma::benchkit

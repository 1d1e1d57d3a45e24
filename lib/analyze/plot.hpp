// `cdma analyze --plot FILE.svg`: one panel per directory of tensors (a
// network at one training stage, say), with the layers left to right in
// file order. Bars are each layer's density (left axis, 0..1); lines are
// compression ratios (right axis): plain ZVC, libzstd -1 and the best
// method measured. Hand-written SVG 1.1, no plotting dependency.
#pragma once

#include <string>

#include "analyze/report.hpp"

namespace cdma::analyze {

std::string plot_svg(const Report& r);

}  // namespace cdma::analyze

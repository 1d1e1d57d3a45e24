// Layer times for layers that give FLOPs instead of measured times: a
// roofline with one efficiency factor for both roofs,
//
//   fwd = max(flops / (peak * eff), 2 * bytes / (dram * eff))
//   bwd = max(bwd_flops / (peak * eff), 4 * bytes / (dram * eff)), bwd_flops = 2 * flops
//
// The memory roof counts the layer's input read and an output of the same
// size written (twice that backward: gradients in and out); it keeps
// pooling and element-wise layers, whose FLOPs are negligible, from costing
// nothing. A layer with fwd_ms but no bwd_ms gets bwd = 2 * fwd.
#pragma once

#include <vector>

#include "model/layer.hpp"
#include "model/platform.hpp"

namespace cdma::model {

// Fills fwd_s and bwd_s of every layer. Needs `bytes` set on every layer.
void resolve_times(std::vector<Layer>& layers, const Platform& p);

// The forward estimate alone, for tests and the docs' worked numbers.
double roofline_seconds(double flops, double bytes_moved, const Platform& p);

}  // namespace cdma::model

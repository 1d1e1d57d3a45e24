// Layer times for layers that give FLOPs instead of measured times: a
// roofline with one efficiency factor per layer kind for both roofs,
//
//   fwd = max(flops / (peak * eff[kind]), bytes / (dram * eff[kind]))
//   bwd = max(bwd_flops / (peak * eff[kind]), 2 * bytes / (dram * eff[kind])), bwd_flops = 2 * flops
//
// where bytes is what the layer reads and writes (graph.hpp: list form, its
// input and out_bytes, which defaults to the input's size; graph form, its
// inputs' tensors and its own). Backward moves twice that: gradients in and
// out. The memory roof keeps pooling, concatenation and element-wise layers,
// whose FLOPs are negligible, from costing nothing. A layer with fwd_ms but
// no bwd_ms gets bwd = 2 * fwd; an input layer (the image) costs nothing.
#pragma once

#include <vector>

#include "model/layer.hpp"
#include "model/platform.hpp"

namespace cdma::model {

// Fills fwd_s and bwd_s of every layer. Needs `bytes` set on every layer.
void resolve_times(std::vector<Layer>& layers, const Platform& p);

// The forward estimate alone, for tests and the docs' worked numbers.
double roofline_seconds(double flops, double bytes_moved, const Platform& p, LayerKind kind);

}  // namespace cdma::model

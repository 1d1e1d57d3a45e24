#include "model/layer_times.hpp"

#include <algorithm>

#include "model/graph.hpp"

namespace cdma::model {

// Backward of conv and fc layers computes the data gradient and the weight
// gradient, each about as many FLOPs as the forward pass.
constexpr double kBackwardFactor = 2.0;

double roofline_seconds(double flops, double bytes_moved, const Platform& p, LayerKind kind) {
  const double e = p.efficiency_for(kind);
  return std::max(flops / (p.peak_flops() * e), bytes_moved / (p.dram_bps * e));
}

void resolve_times(std::vector<Layer>& layers, const Platform& p) {
  for (size_t i = 0; i < layers.size(); ++i) {
    Layer& l = layers[i];
    if (l.kind == LayerKind::input && !l.fwd_s) {  // the image: data, no work
      l.fwd_s = 0;
      l.bwd_s = l.bwd_s.value_or(0);
      continue;
    }
    const double moved = bytes_read(layers, i) + bytes_written(layers, i);
    if (!l.fwd_s) {
      const double flops = l.flops.value_or(0);
      l.fwd_s = roofline_seconds(flops, moved, p, l.kind);
      if (!l.bwd_s)
        l.bwd_s = roofline_seconds(l.bwd_flops.value_or(kBackwardFactor * flops), kBackwardFactor * moved, p, l.kind);
    }
    if (!l.bwd_s) l.bwd_s = kBackwardFactor * *l.fwd_s;
  }
}

}  // namespace cdma::model

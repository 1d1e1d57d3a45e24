// One layer of the network as the offload timeline sees it. Row i's
// activation is the tensor a vDNN-style runtime offloads while layer i runs
// forward (its input feature map) and prefetches while layer i+1 runs
// backward, so that it is back on the GPU for layer i's own backward pass.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace cdma::model {

// Only conv matters to a policy (offload conv only); the others are labels
// that also pick nothing else.
enum class LayerKind { conv, fc, pool, other };

std::optional<LayerKind> parse_kind(std::string_view text);
std::string_view kind_name(LayerKind kind);
// For layers named only by a dump file: "conv" anywhere in the name means a
// convolution, "pool" a pooling layer, "fc" or "linear" a fully connected one.
LayerKind guess_kind(std::string_view name);

struct Layer {
  std::string name;
  LayerKind kind = LayerKind::other;
  std::optional<uint64_t> bytes;        // uncompressed activation bytes
  std::optional<double> fwd_s, bwd_s;   // measured times
  std::optional<double> flops, bwd_flops;  // or FLOPs to estimate them from
  std::optional<double> ratio;          // a fixed compression ratio for every codec
  std::map<std::string, double, std::less<>> measured;  // codec -> ratio measured on `dump`
  std::string dump;                     // the file bytes and measured ratios came from
};

// The ratio a codec achieves on this layer: measured on its dump, else the
// fixed ratio, else 1 (nothing known: assume incompressible).
double ratio_for(const Layer& layer, std::string_view codec);

}  // namespace cdma::model

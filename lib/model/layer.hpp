// One layer of the network as the offload timeline sees it. In the list
// form, row i's activation is the tensor a vDNN-style runtime offloads while
// layer i runs forward (its input feature map) and prefetches while layer
// i+1 runs backward, so that it is back on the GPU for layer i's own
// backward pass. In the graph form (graph.hpp) a row's tensor is the layer's
// output, read by the layers that name it among their inputs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cdma::model {

// conv matters to a policy (offload conv only) and input to the timeline
// (the image: no compute); the others are labels.
enum class LayerKind { conv, fc, pool, norm, concat, input, other };
constexpr size_t kLayerKinds = 7;  // for per-kind tables indexed by LayerKind

std::optional<LayerKind> parse_kind(std::string_view text);
std::string_view kind_name(LayerKind kind);
// "conv | fc | pool | norm | concat | input | other", for messages.
std::string_view kind_names();
// For layers named only by a dump file: "conv" anywhere in the name means a
// convolution, "pool" a pooling layer, "fc" or "linear" a fully connected
// one, "norm" a normalisation, "concat" a concatenation.
LayerKind guess_kind(std::string_view name);

struct Layer {
  std::string name;
  LayerKind kind = LayerKind::other;
  // The row's tensor, uncompressed: the layer's input (list form) or its
  // output (graph form).
  std::optional<uint64_t> bytes;
  std::optional<uint64_t> out_bytes;    // list form: output bytes (memory roof), default `bytes`
  bool graph = false;                   // graph form: `bytes` is the output, `inputs` say who feeds it
  std::vector<std::string> inputs;      // graph form: earlier layers read; empty: the previous one
  std::vector<size_t> input_rows;       // `inputs` resolved by link_graph
  std::optional<double> fwd_s, bwd_s;   // measured times
  std::optional<double> flops, bwd_flops;  // or FLOPs to estimate them from
  std::optional<double> ratio;          // a fixed compression ratio for every codec
  // A software codec's measured time to compress this row's tensor on the
  // GPU and to decompress it there (cdma.torch.profile --device-codec): the
  // "device codec" scenario (scenarios.hpp). Both or neither.
  std::optional<double> compress_s, decompress_s;
  std::map<std::string, double, std::less<>> measured;  // codec -> ratio measured on `dump`
  std::string dump;                     // the file bytes and measured ratios came from
};

// The ratio a codec achieves on this layer: measured on its dump, else the
// fixed ratio, else 1 (nothing known: assume incompressible).
double ratio_for(const Layer& layer, std::string_view codec);

}  // namespace cdma::model

// The vDNN offload timeline (Rhu et al., MICRO 2016). Forward, layer i's
// activation is offloaded while layer i computes; the runtime waits for both
// before layer i+1 starts, so a transfer longer than the compute stalls.
// Backward, layer i-1's activation is prefetched while layer i computes its
// gradients, with the same wait. Every step therefore costs
//
//   step = max(compute, transfer),  stall = max(0, transfer - compute)
//
// and an iteration is the sum of its forward and backward steps. In a graph
// (graph.hpp) a tensor read by several layers is offloaded once, during the
// forward step of the first that reads it, and prefetched during the
// backward step of the layer after the last that reads it; transfers that
// fall in one step run one after another.
//
// DRAM contention: a transfer reads its tensor from GPU memory (offload) or
// writes it back (prefetch), uncompressed, while the step's layer runs. A
// memory-bound layer loses that bandwidth: with m = the layer's own bytes /
// its DRAM rate and e = the transfers' bytes / the same rate,
//
//   compute' = max(compute, min(compute, m) + e)
//
// so a layer with slack under its memory roof absorbs the traffic, and one
// at its roof slows by all of it.
//
// A software codec (Movement's *_codec_s) runs on the GPU's cores: it adds
// its time c to the step's compute, and the copy starts only after it, so
// step = max(compute + c, c + copy) = c + max(compute, copy).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "model/engine.hpp"
#include "model/layer.hpp"

namespace cdma::model {

enum class Policy { all, conv, none };
std::optional<Policy> parse_policy(std::string_view text);  // all | conv | none
std::string_view policy_name(Policy p);

// Which rows' tensors a policy offloads (vDNN_all; vDNN_conv: tensors a
// convolution reads; nothing). Never one the last layer reads: its backward
// pass follows its forward pass at once, so the tensor is needed back
// before any prefetch could overlap anything; never the network's output.
std::vector<bool> offload_plan(const std::vector<Layer>& layers, Policy policy);

// How a scenario moves one layer's activation each way.
struct Movement {
  double ratio = 1;         // compression ratio on the link (1: uncompressed)
  uint64_t link_bytes = 0;  // bytes crossing the link, each way
  uint64_t host_bytes = 0;  // bytes held in host memory
  double wire_s = 0;        // link_bytes / link bandwidth, each way
  Transfer offload;         // GPU -> host, during the forward step
  Transfer prefetch;        // host -> GPU, during the next layer's backward step
  // GPU time a software codec (the device codec, run with tensor operations
  // on the GPU's own cores) takes from the step to compress before the copy
  // and to decompress after it; 0 for a DMA copy or the hardware engine.
  // Included in offload/prefetch.seconds too: the copy waits for the codec.
  double offload_codec_s = 0, prefetch_codec_s = 0;
};
using Mover = std::function<Movement(const Layer&)>;

struct Step {
  double compute_s = 0;     // the layer alone
  double contention_s = 0;  // added to compute_s by the transfers' DRAM traffic
  double codec_s = 0;       // added to compute_s by a software codec on the GPU
  double transfer_s = 0;  // 0 when nothing moves in this step
  double stall_s = 0;
  Bound bound = Bound::compute;  // compute, or the transfer's bound when it is longer
};

struct LayerOutcome {
  bool offloaded = false;
  Movement move;  // zero when not offloaded
  Step fwd;       // layer i forward, overlapping the offloads it starts (list form: its own)
  Step bwd;       // layer i backward, overlapping the prefetches due (list form: layer i-1's)
};

struct Totals {
  uint64_t raw_bytes = 0, link_bytes = 0, host_bytes = 0;  // offloaded, one way
  double compute_s = 0;   // sum of fwd and bwd compute, the layers alone
  double contention_s = 0;  // compute time added by the transfers' DRAM traffic
  double codec_s = 0;     // compute time added by a software codec on the GPU
  double wire_s = 0;      // link occupied by payload, both ways
  double transfer_s = 0;  // offloads + prefetches, latency and engine included
  double stall_fwd_s = 0, stall_bwd_s = 0;
  double iteration_s = 0;
  int link_bound = 0, engine_bound = 0;  // transfers, by which bound binds them
  int stalled_steps = 0;
};

struct Timeline {
  std::vector<LayerOutcome> layers;
  Totals totals;
};

// The DRAM rate of each row's layer (DRAM bandwidth x its kind's
// efficiency), for contention; empty: contention is not modelled.
using DramRates = std::vector<double>;

// Runs one iteration. `plan` is offload_plan(layers, policy); `move` is only
// called for offloaded layers. Layers need fwd_s and bwd_s.
Timeline simulate(const std::vector<Layer>& layers, const std::vector<bool>& plan, const Mover& move,
                  const DramRates& dram = {});

}  // namespace cdma::model

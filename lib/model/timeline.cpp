#include "model/timeline.hpp"

#include <algorithm>

#include "model/errors.hpp"
#include "model/graph.hpp"

namespace cdma::model {
namespace {

// A transfer in a step, and the uncompressed bytes it reads from (offload)
// or writes to (prefetch) GPU memory.
struct Moving {
  const Transfer* transfer;
  double dram_bytes;
  double codec_s;  // GPU time of a software codec, part of transfer->seconds
};

// One step: its compute against the transfers that overlap it. They share
// the one DMA engine and link, so they run one after another. With a DRAM
// rate, the transfers' bytes slow the layer as timeline.hpp says.
Step make_step(double compute_s, const std::vector<Moving>& transfers, double layer_bytes, double dram_bps) {
  Step s;
  s.compute_s = compute_s;
  double longest = 0, dram_bytes = 0;
  Bound bound = Bound::compute;
  for (const Moving& m : transfers) {
    s.transfer_s += m.transfer->seconds;
    s.codec_s += m.codec_s;
    dram_bytes += m.dram_bytes;
    if (m.transfer->seconds > longest) longest = m.transfer->seconds, bound = m.transfer->bound;
  }
  if (dram_bps > 0 && dram_bytes > 0) {
    const double own = std::min(compute_s, layer_bytes / dram_bps);
    s.contention_s = std::max(0.0, own + dram_bytes / dram_bps - compute_s);
  }
  const double busy = s.compute_s + s.contention_s + s.codec_s;
  s.stall_s = std::max(0.0, s.transfer_s - busy);
  if (s.transfer_s > busy) s.bound = bound;
  return s;
}

// Totals are sums of per-layer counts; the inputs' limits keep them small,
// and this keeps a sum from ever wrapping silently.
void add_bytes(uint64_t& sum, uint64_t bytes) {
  if (__builtin_add_overflow(sum, bytes, &sum))
    throw ModelError(ErrorKind::data, "the offloaded bytes add up to more than 2^64");
}

void count_transfer(Totals& t, const Transfer& x) {
  t.transfer_s += x.seconds;
  if (x.bound == Bound::engine) ++t.engine_bound;
  if (x.bound == Bound::link) ++t.link_bound;
}

}  // namespace

std::optional<Policy> parse_policy(std::string_view text) {
  if (text == "all") return Policy::all;
  if (text == "conv") return Policy::conv;
  if (text == "none") return Policy::none;
  return std::nullopt;
}

std::string_view policy_name(Policy p) {
  switch (p) {
    case Policy::all: return "all";
    case Policy::conv: return "conv";
    case Policy::none: break;
  }
  return "none";
}

std::vector<bool> offload_plan(const std::vector<Layer>& layers, Policy policy) {
  const std::vector<TensorUse> uses = tensor_uses(layers);
  std::vector<bool> plan(layers.size(), false);
  for (size_t i = 0; i < layers.size(); ++i) {
    const TensorUse& u = uses[i];
    if (!u.read || u.last + 1 >= layers.size()) continue;
    plan[i] = policy == Policy::all || (policy == Policy::conv && u.read_by_conv);
  }
  return plan;
}

Timeline simulate(const std::vector<Layer>& layers, const std::vector<bool>& plan, const Mover& move,
                  const DramRates& dram) {
  const size_t n = layers.size();
  const std::vector<TensorUse> uses = tensor_uses(layers);
  Timeline tl;
  tl.layers.resize(n);
  Totals& t = tl.totals;
  // Which tensors each step moves: offloaded while the first layer that
  // reads them runs forward, fetched back while the layer after the last
  // one that reads them runs backward (just before that last one needs it).
  std::vector<std::vector<Moving>> offloads(n), prefetches(n);
  for (size_t i = 0; i < n; ++i) {
    LayerOutcome& o = tl.layers[i];
    o.offloaded = plan[i];
    if (!o.offloaded) continue;
    o.move = move(layers[i]);
    add_bytes(t.raw_bytes, layers[i].bytes.value_or(0));
    add_bytes(t.link_bytes, o.move.link_bytes);
    add_bytes(t.host_bytes, o.move.host_bytes);
    t.wire_s += 2 * o.move.wire_s;
    count_transfer(t, o.move.offload);
    count_transfer(t, o.move.prefetch);
    const double bytes = static_cast<double>(layers[i].bytes.value_or(0));
    offloads[uses[i].first].push_back({&o.move.offload, bytes, o.move.offload_codec_s});
    prefetches[uses[i].last + 1].push_back({&o.move.prefetch, bytes, o.move.prefetch_codec_s});
  }
  for (size_t i = 0; i < n; ++i) {
    LayerOutcome& o = tl.layers[i];
    // The layer's own DRAM bytes: read its inputs, write its output;
    // backward moves twice that (layer_times.hpp).
    const double own = bytes_read(layers, i) + bytes_written(layers, i);
    const double rate = dram.empty() ? 0 : dram[i];
    o.fwd = make_step(layers[i].fwd_s.value_or(0), offloads[i], own, rate);
    o.bwd = make_step(layers[i].bwd_s.value_or(0), prefetches[i], 2 * own, rate);
    for (const Step* s : {&o.fwd, &o.bwd}) {
      t.compute_s += s->compute_s;
      t.contention_s += s->contention_s;
      t.codec_s += s->codec_s;
      t.iteration_s += std::max(s->compute_s + s->contention_s + s->codec_s, s->transfer_s);
      if (s->stall_s > 0) ++t.stalled_steps;
    }
    t.stall_fwd_s += o.fwd.stall_s;
    t.stall_bwd_s += o.bwd.stall_s;
  }
  return tl;
}

}  // namespace cdma::model

// One machine to model: a GPU preset with any field overridden, its link and
// its compressing DMA engine, and how fast layers run when only their FLOPs
// are known.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "model/engine.hpp"
#include "model/layer.hpp"
#include "model/link.hpp"

namespace cdma::model {

// Which peak a FLOP count is divided by.
enum class MathMode { fp32, tensor };

struct Platform {
  std::string gpu_name;
  double fp32_flops = 0;
  double tensor_flops = 0;
  double dram_bps = 0;
  double clock_hz = 0;
  LinkSpec link;
  EngineSpec engine;
  MathMode math = MathMode::fp32;
  // Achieved / peak, per layer kind, for layers timed from FLOPs
  // (docs/cost-model.md, "Layer times": every default is an assumption).
  std::array<double, kLayerKinds> efficiency = filled_efficiency(0.5);
  // The engine's (or plain DMA's) DRAM traffic slows a memory-bound layer
  // running in the same step (docs/cost-model.md, "DRAM contention").
  bool dram_contention = true;

  static constexpr std::array<double, kLayerKinds> filled_efficiency(double e) {
    std::array<double, kLayerKinds> a{};
    a.fill(e);
    return a;
  }
  double efficiency_for(LayerKind k) const { return efficiency[static_cast<size_t>(k)]; }

  double peak_flops() const { return math == MathMode::tensor ? tensor_flops : fp32_flops; }
  double link_bps() const { return link_bandwidth(link); }
  double engine_clock_hz() const { return engine.clock_hz > 0 ? engine.clock_hz : clock_hz; }
  std::string name() const;  // "Titan Xp + PCIe 3.0 x16"
};

// Every field a user may set over a preset; unset fields keep the preset's.
struct PlatformOverrides {
  std::optional<double> fp32_flops, tensor_flops, dram_bps, clock_hz;
  std::optional<int> pcie_gen, pcie_lanes;
  std::optional<double> link_efficiency, link_latency_s, link_measured_bps;
  std::optional<int> compress_units, decompress_units;
  std::optional<double> engine_bytes_per_cycle, engine_clock_hz, dram_share;
  std::optional<MathMode> math;
  std::optional<double> efficiency;  // every kind
  std::array<std::optional<double>, kLayerKinds> kind_efficiency;  // one kind, over `efficiency`
  std::optional<bool> dram_contention;
};

// The preset `gpu_key` with `o` applied, validated. Throws ModelError(usage).
Platform make_platform(std::string_view gpu_key, const PlatformOverrides& o);

// Bytes/s the engine sustains for `codec` at `level`, compressing (offload)
// or decompressing (prefetch), on this platform.
double engine_bps(const Platform& p, std::string_view codec, int level, bool compress);

}  // namespace cdma::model

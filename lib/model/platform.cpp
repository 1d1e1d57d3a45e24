#include "model/platform.hpp"

#include "model/errors.hpp"
#include "model/presets.hpp"

namespace cdma::model {

std::string Platform::name() const { return gpu_name + " + " + link_name(link); }

Platform make_platform(std::string_view gpu_key, const PlatformOverrides& o) {
  const GpuSpec& g = find_gpu(gpu_key);
  Platform p;
  p.gpu_name = std::string(g.name);
  p.fp32_flops = o.fp32_flops.value_or(g.fp32_flops);
  p.tensor_flops = o.tensor_flops.value_or(g.tensor_flops);
  p.dram_bps = o.dram_bps.value_or(g.dram_bps);
  p.clock_hz = o.clock_hz.value_or(g.clock_hz);
  p.link.gen = o.pcie_gen.value_or(g.pcie_gen);
  p.link.lanes = o.pcie_lanes.value_or(g.pcie_lanes);
  if (o.link_efficiency) p.link.protocol_efficiency = *o.link_efficiency;
  if (o.link_latency_s) p.link.latency_s = *o.link_latency_s;
  p.link.measured_bps = o.link_measured_bps;
  if (o.compress_units) p.engine.compress_units = *o.compress_units;
  if (o.decompress_units) p.engine.decompress_units = *o.decompress_units;
  p.engine.bytes_per_cycle = o.engine_bytes_per_cycle;
  if (o.engine_clock_hz) p.engine.clock_hz = *o.engine_clock_hz;
  if (o.dram_share) p.engine.dram_share = *o.dram_share;
  if (o.math) p.math = *o.math;
  if (o.efficiency) p.efficiency.fill(*o.efficiency);
  for (size_t k = 0; k < kLayerKinds; ++k)
    if (o.kind_efficiency[k]) p.efficiency[k] = *o.kind_efficiency[k];
  if (o.dram_contention) p.dram_contention = *o.dram_contention;

  auto positive = [](double v, const char* what) {
    if (!(v > 0)) throw ModelError(ErrorKind::usage, std::string(what) + " must be > 0");
  };
  positive(p.fp32_flops, "peak FP32 FLOP/s");
  positive(p.tensor_flops, "peak tensor FLOP/s");
  positive(p.dram_bps, "DRAM bandwidth");
  positive(p.clock_hz, "GPU clock");
  for (size_t k = 0; k < kLayerKinds; ++k)
    if (!(p.efficiency[k] > 0 && p.efficiency[k] <= 1))
      throw ModelError(ErrorKind::usage, "the efficiency of " + std::string(kind_name(static_cast<LayerKind>(k))) +
                                             " layers must be in (0, 1]");
  validate_link(p.link);
  validate_engine(p.engine);
  return p;
}

double engine_bps(const Platform& p, std::string_view codec, int level, bool compress) {
  const double width = p.engine.bytes_per_cycle.value_or(codec_profile(codec, level).bytes_per_cycle);
  const int units = compress ? p.engine.compress_units : p.engine.decompress_units;
  return engine_throughput(units, width, p.engine_clock_hz(), p.engine.dram_share, p.dram_bps);
}

}  // namespace cdma::model

// GPU platforms the model ships with: peak FLOP/s, DRAM bandwidth, clock and
// the PCIe link each is usually paired with. Every number is from the
// vendor's datasheet; docs/cost-model.md, "Presets", cites them.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "model/link.hpp"

namespace cdma::model {

struct GpuSpec {
  std::string_view key;    // --gpu NAME
  std::string_view name;   // "Titan Xp"
  double fp32_flops;       // peak FP32 (non-tensor) FLOP/s
  double tensor_flops;     // peak dense FP16/BF16 tensor FLOP/s (fp32 where there are none)
  double dram_bps;         // DRAM bytes/s
  double clock_hz;         // boost clock
  int pcie_gen;
  int pcie_lanes;
  std::string_view source;  // where the numbers come from
};

std::span<const GpuSpec> gpu_presets();

// The preset named `key`; throws ModelError(usage) listing the known ones.
const GpuSpec& find_gpu(std::string_view key);

// "titanxp v100 a100 h100"
std::string gpu_names();

}  // namespace cdma::model

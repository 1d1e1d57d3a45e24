#include "model/presets.hpp"

#include "model/errors.hpp"

namespace cdma::model {
namespace {

constexpr GpuSpec kPresets[] = {
    // The cDMA paper's platform (Rhu et al., HPCA 2018). GP102 has no tensor
    // cores and runs FP16 arithmetic at 1/64 rate, so fp32 stands in.
    {"titanxp", "Titan Xp", 12.15e12, 12.15e12, 547.7e9, 1.582e9, 3, 16,
     "NVIDIA TITAN Xp (2017): 3840 CUDA cores at 1582 MHz boost, 11.4 Gbps GDDR5X x 384 bit"},
    {"v100", "V100 PCIe", 14e12, 112e12, 900e9, 1.38e9, 3, 16,
     "NVIDIA Tesla V100 PCIe datasheet: 14 TFLOPS FP32, 112 TFLOPS tensor, 900 GB/s HBM2"},
    {"a100", "A100 PCIe 40GB", 19.5e12, 312e12, 1555e9, 1.41e9, 4, 16,
     "NVIDIA A100 datasheet (PCIe 40GB): 19.5 TFLOPS FP32, 312 TFLOPS BF16 dense, 1555 GB/s HBM2"},
    {"h100", "H100 PCIe", 51e12, 756e12, 2000e9, 1.755e9, 5, 16,
     "NVIDIA H100 PCIe product brief: 51 TFLOPS FP32, 1513 TFLOPS BF16 with sparsity (756 dense), "
     "2.0 TB/s HBM2e"},
};

}  // namespace

std::span<const GpuSpec> gpu_presets() { return kPresets; }

const GpuSpec& find_gpu(std::string_view key) {
  for (const GpuSpec& g : kPresets)
    if (g.key == key) return g;
  throw ModelError(ErrorKind::usage,
                   "unknown GPU '" + std::string(key) + "' (known: " + gpu_names() + ")");
}

std::string gpu_names() {
  std::string names;
  for (const GpuSpec& g : kPresets) {
    if (!names.empty()) names += ' ';
    names += g.key;
  }
  return names;
}

}  // namespace cdma::model

// The iterations the model compares, all on the same layers and plan:
//
//   oracle        nothing offloaded: the GPU has memory for everything
//   uncompressed  vDNN: plain DMA copies over the link
//   cpu <codec>   uncompressed over the link, compressed by the host on
//                 arrival: host memory shrinks by the ratio, link time not
//                 at all, which is what a CPU-side codec can and cannot do
//   cdma <codec>  the compressing DMA engine: fewer bytes on the link, at the
//                 engine's throughput
//   device codec  the engine in software (cdma.torch.offload(device_codec=
//                 True)): each tensor compressed on the GPU in the time its
//                 layer row measured (compress_ms, decompress_ms), then its
//                 frame copied at the layer's ratio; the codec's time is GPU
//                 time, added to the step. Run only when some layer has codec
//                 times; a layer without them is copied uncompressed.
#pragma once

#include <string>
#include <vector>

#include "model/codec_choice.hpp"
#include "model/layer.hpp"
#include "model/platform.hpp"
#include "model/timeline.hpp"

namespace cdma::model {

enum class ScenarioKind { oracle, uncompressed, cpu, cdma, device };

struct ScenarioResult {
  ScenarioKind kind = ScenarioKind::oracle;
  std::string label;  // "oracle", "uncompressed", "cpu zvc", "cdma zvc", "device codec"
  std::string codec;  // "" for oracle and uncompressed, "device" for the device codec
  double compress_bps = 0, decompress_bps = 0;  // engine throughputs (cdma only)
  Timeline timeline;
};

struct ModelResult {
  std::vector<bool> plan;
  // oracle, uncompressed, cpu/cdma per codec, then device codec (when measured)
  std::vector<ScenarioResult> scenarios;

  const ScenarioResult& oracle() const { return scenarios[0]; }
  const ScenarioResult& uncompressed() const { return scenarios[1]; }
};

// Whether any layer carries a software codec's measured times.
bool has_codec_times(const std::vector<Layer>& layers);

// Layers need bytes, fwd_s and bwd_s (see resolve_times).
ModelResult run_model(const std::vector<Layer>& layers, const Platform& p, Policy policy,
                      const std::vector<CodecChoice>& codecs);

// One scenario alone (the sweep runs only the cdma one per ratio).
ScenarioResult run_scenario(const std::vector<Layer>& layers, const std::vector<bool>& plan,
                            const Platform& p, ScenarioKind kind, const CodecChoice* codec);

}  // namespace cdma::model

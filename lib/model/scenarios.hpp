// The iterations the model compares, all on the same layers and plan:
//
//   oracle        nothing offloaded: the GPU has memory for everything
//   uncompressed  vDNN: plain DMA copies over the link
//   cpu <codec>   uncompressed over the link, compressed by the host on
//                 arrival: host memory shrinks by the ratio, link time not
//                 at all, which is what a CPU-side codec can and cannot do
//   cdma <codec>  the compressing DMA engine: fewer bytes on the link, at the
//                 engine's throughput
#pragma once

#include <string>
#include <vector>

#include "model/codec_choice.hpp"
#include "model/layer.hpp"
#include "model/platform.hpp"
#include "model/timeline.hpp"

namespace cdma::model {

enum class ScenarioKind { oracle, uncompressed, cpu, cdma };

struct ScenarioResult {
  ScenarioKind kind = ScenarioKind::oracle;
  std::string label;  // "oracle", "uncompressed", "cpu zvc", "cdma zvc"
  std::string codec;  // "" for oracle and uncompressed
  double compress_bps = 0, decompress_bps = 0;  // engine throughputs (cdma only)
  Timeline timeline;
};

struct ModelResult {
  std::vector<bool> plan;
  std::vector<ScenarioResult> scenarios;  // oracle, uncompressed, then cpu/cdma per codec

  const ScenarioResult& oracle() const { return scenarios[0]; }
  const ScenarioResult& uncompressed() const { return scenarios[1]; }
};

// Layers need bytes, fwd_s and bwd_s (see resolve_times).
ModelResult run_model(const std::vector<Layer>& layers, const Platform& p, Policy policy,
                      const std::vector<CodecChoice>& codecs);

// One scenario alone (the sweep runs only the cdma one per ratio).
ScenarioResult run_scenario(const std::vector<Layer>& layers, const std::vector<bool>& plan,
                            const Platform& p, ScenarioKind kind, const CodecChoice* codec);

}  // namespace cdma::model

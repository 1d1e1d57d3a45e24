// The model's front door: everything `cdma model` asks for, in one request,
// turned into a report ready to print. Also the C++ API for programs that
// want the numbers rather than the text (see report.hpp and scenarios.hpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/codec_choice.hpp"
#include "model/platform.hpp"
#include "model/report.hpp"
#include "model/timeline.hpp"

namespace cdma::model {

struct ModelRequest {
  std::string gpu = "titanxp";
  PlatformOverrides overrides;
  std::string layers_file;  // CSV or JSON; "" for --net (or VGG-16 for a sweep)
  std::string net;          // a built-in network (networks.hpp), "" for none
  std::string dumps_dir;    // "" for none
  std::string stages_dir;   // one dumps directory per training stage, "" for none
  std::vector<CodecChoice> codecs;
  Policy policy = Policy::all;
  int batch = 64;           // images per batch of a built-in network
  // The ratio of every tensor of a built-in network but the image: the
  // paper's average over its six networks (assumption, docs/cost-model.md).
  double net_ratio = 2.6;
  // The image's ratio in a built-in network: none (offloaded uncompressed)
  // unless the user asks for one.
  std::optional<double> image_ratio;
};

// Reads the layers, fills sizes and ratios from the dumps, estimates missing
// times, and runs every scenario. Throws ModelError.
ModelReport build_model_report(const ModelRequest& request);

// The model report once per training stage: the layers file's layers with
// each stage's dumps (stages.hpp). Throws ModelError.
StagesReport build_stages_report(const ModelRequest& request);

// The same layers (or the synthetic network), the first codec's engine, and
// every layer at each ratio in turn. Throws ModelError.
SweepReport build_sweep_report(const ModelRequest& request, const std::vector<double>& ratios);

}  // namespace cdma::model

// The model's front door: everything `cdma model` asks for, in one request,
// turned into a report ready to print. Also the C++ API for programs that
// want the numbers rather than the text (see report.hpp and scenarios.hpp).
#pragma once

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
  std::string layers_file;  // CSV or JSON; "" for the synthetic VGG-16 (sweeps only)
  std::string dumps_dir;    // "" for none
  std::vector<CodecChoice> codecs;
  Policy policy = Policy::all;
  int synthetic_batch = 64;
};

// Reads the layers, fills sizes and ratios from the dumps, estimates missing
// times, and runs every scenario. Throws ModelError.
ModelReport build_model_report(const ModelRequest& request);

// The same layers (or the synthetic network), the first codec's engine, and
// every layer at each ratio in turn. Throws ModelError.
SweepReport build_sweep_report(const ModelRequest& request, const std::vector<double>& ratios);

}  // namespace cdma::model

// What `cdma model` prints: the platform it assumed, a per-layer table, and
// a summary per scenario (text), or all of it as JSON. The sweep has its own
// pair. Output depends only on the inputs, so tests can pin it.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "model/codec_choice.hpp"
#include "model/layer.hpp"
#include "model/platform.hpp"
#include "model/scenarios.hpp"
#include "model/sweep.hpp"

namespace cdma::model {

struct ModelReport {
  std::string layers_source;  // the layers file, or the synthetic network's name
  std::string dumps_dir;      // "" when ratios were not measured
  Platform platform;
  Policy policy = Policy::all;
  std::vector<CodecChoice> codecs;
  std::vector<Layer> layers;  // times resolved
  ModelResult result;
};

struct SweepReport {
  std::string layers_source;
  Platform platform;
  Policy policy = Policy::all;
  CodecChoice codec;
  std::vector<Layer> layers;
  Sweep sweep;
};

// One model report per training stage (stages.hpp), same layers and platform.
struct StageResult {
  std::string name;  // the stage directory's name: "early"
  ModelReport report;
};

struct StagesReport {
  std::string stages_dir;
  std::vector<StageResult> stages;  // in training order
};

void write_model_text(std::ostream& out, const ModelReport& r);
void write_model_json(std::ostream& out, const ModelReport& r);
void write_sweep_text(std::ostream& out, const SweepReport& r);
void write_sweep_json(std::ostream& out, const SweepReport& r);
void write_stages_text(std::ostream& out, const StagesReport& r);
void write_stages_json(std::ostream& out, const StagesReport& r);

}  // namespace cdma::model

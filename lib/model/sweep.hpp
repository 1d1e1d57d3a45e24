// The speed-up curve of the paper's sensitivity studies: one network, every
// layer given the same compression ratio r, r swept over a range, and for
// each r the compressed iteration against the uncompressed one and the oracle.
#pragma once

#include <string_view>
#include <vector>

#include "model/codec_choice.hpp"
#include "model/layer.hpp"
#include "model/platform.hpp"
#include "model/scenarios.hpp"

namespace cdma::model {

// "ratio=A..B" (steps of 1), "ratio=A..B:STEP" or "ratio=R1,R2,...".
// Throws ModelError(usage).
std::vector<double> parse_sweep(std::string_view spec);

struct SweepPoint {
  double ratio = 1;
  ScenarioResult cdma;
};

struct Sweep {
  std::vector<bool> plan;
  ScenarioResult oracle, uncompressed;
  std::vector<SweepPoint> points;
};

// Layers need bytes, fwd_s and bwd_s; their own ratios are ignored, except
// an input layer's (the image).
Sweep run_sweep(const std::vector<Layer>& layers, const Platform& p, Policy policy,
                const CodecChoice& codec, const std::vector<double>& ratios);

}  // namespace cdma::model

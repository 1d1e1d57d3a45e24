#include "model/sweep.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "model/errors.hpp"
#include "model/limits.hpp"
#include "model/numbers.hpp"
#include "model/text.hpp"

namespace cdma::model {
namespace {

constexpr std::string_view kExamples = " (e.g. ratio=1..16, ratio=1..4:0.5, ratio=1,2,4)";

[[noreturn]] void bad(std::string_view spec, const std::string& why) {
  throw ModelError(ErrorKind::usage, "--sweep " + quoted(spec) + ": " + why + std::string(kExamples));
}

// A decimal number in [lo, hi], read as every model input is (numbers.hpp).
double number(std::string_view text, std::string_view spec, std::string_view what, double lo, double hi) {
  std::string problem;
  const std::optional<double> v = parse_in_range(text, lo, hi, problem);
  if (!v) bad(spec, std::string(what) + " " + problem);
  return *v;
}

double ratio(std::string_view text, std::string_view spec) {
  return number(text, spec, "ratio", limits::kMinRatio, limits::kMaxRatio);
}

std::string too_many() { return "more than " + std::to_string(limits::kMaxSweepPoints) + " points"; }

}  // namespace

std::vector<double> parse_sweep(std::string_view spec) {
  constexpr std::string_view kKey = "ratio=";
  if (spec.substr(0, kKey.size()) != kKey) bad(spec, "only ratio sweeps exist");
  const std::string_view body = spec.substr(kKey.size());
  std::vector<double> ratios;
  if (const size_t dots = body.find(".."); dots != std::string_view::npos) {
    const std::string_view rest = body.substr(dots + 2);
    const size_t colon = rest.find(':');
    const double from = ratio(body.substr(0, dots), spec);
    const double to = ratio(rest.substr(0, colon), spec);
    const double step =
        colon == std::string_view::npos ? 1.0 : number(rest.substr(colon + 1), spec, "step", 0, limits::kMaxRatio);
    if (to < from) bad(spec, "the range runs backwards");
    if (!(step > 0)) bad(spec, "the step must be > 0");
    // The count is decided before any point is made, and every point must
    // differ from the last: a step below the ratios' precision would
    // otherwise repeat one ratio (or never reach the end).
    if (step < to * 1e-9) bad(spec, "the step is too small to tell the ratios apart");
    const double steps = std::floor((to - from) / step * (1 + 1e-12));
    if (!(steps + 1 <= static_cast<double>(limits::kMaxSweepPoints))) bad(spec, too_many());
    const size_t n = static_cast<size_t>(steps) + 1;
    // Points are from + k*step, not accumulated, so 0.1 steps do not drift.
    for (size_t k = 0; k < n; ++k) ratios.push_back(std::min(to, from + static_cast<double>(k) * step));
  } else {
    size_t start = 0;
    for (;;) {
      if (ratios.size() == limits::kMaxSweepPoints) bad(spec, too_many());
      const size_t comma = body.find(',', start);
      ratios.push_back(ratio(body.substr(start, comma - start), spec));
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
  }
  return ratios;
}

Sweep run_sweep(const std::vector<Layer>& layers, const Platform& p, Policy policy,
                const CodecChoice& codec, const std::vector<double>& ratios) {
  Sweep s;
  s.plan = offload_plan(layers, policy);
  s.oracle = run_scenario(layers, s.plan, p, ScenarioKind::oracle, nullptr);
  s.uncompressed = run_scenario(layers, s.plan, p, ScenarioKind::uncompressed, nullptr);
  std::vector<Layer> uniform = layers;
  for (const double r : ratios) {
    for (Layer& l : uniform) {
      if (l.kind == LayerKind::input) continue;  // the image stays as given (default: not compressed)
      l.measured.clear();
      l.ratio = r;
    }
    s.points.push_back({r, run_scenario(uniform, s.plan, p, ScenarioKind::cdma, &codec)});
  }
  return s;
}

}  // namespace cdma::model

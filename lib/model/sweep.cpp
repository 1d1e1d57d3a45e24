#include "model/sweep.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string>

#include "model/errors.hpp"

namespace cdma::model {
namespace {

constexpr size_t kMaxPoints = 1000;

[[noreturn]] void bad(std::string_view spec, const std::string& why) {
  throw ModelError(ErrorKind::usage, "--sweep '" + std::string(spec) + "': " + why +
                                         " (e.g. ratio=1..16, ratio=1..4:0.5, ratio=1,2,4)");
}

double number(std::string_view text, std::string_view spec) {
  const std::string s(text);
  errno = 0;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (s.empty() || *end != '\0' || errno == ERANGE || !(v > 0) || !std::isfinite(v))
    bad(spec, "'" + s + "' is not a ratio > 0");
  return v;
}

}  // namespace

std::vector<double> parse_sweep(std::string_view spec) {
  constexpr std::string_view kKey = "ratio=";
  if (spec.substr(0, kKey.size()) != kKey) bad(spec, "only ratio sweeps exist");
  const std::string_view body = spec.substr(kKey.size());
  std::vector<double> ratios;
  if (const size_t dots = body.find(".."); dots != std::string_view::npos) {
    const std::string_view rest = body.substr(dots + 2);
    const size_t colon = rest.find(':');
    const double from = number(body.substr(0, dots), spec);
    const double to = number(rest.substr(0, colon), spec);
    const double step = colon == std::string_view::npos ? 1.0 : number(rest.substr(colon + 1), spec);
    if (to < from) bad(spec, "the range runs backwards");
    if ((to - from) / step + 1 > kMaxPoints) bad(spec, "more than 1000 points");
    // Points are from + k*step, not accumulated, so 0.1 steps do not drift.
    for (size_t k = 0; from + k * step <= to * (1 + 1e-12); ++k) ratios.push_back(from + k * step);
  } else {
    size_t start = 0;
    for (;;) {
      const size_t comma = body.find(',', start);
      ratios.push_back(number(body.substr(start, comma - start), spec));
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
    if (ratios.size() > kMaxPoints) bad(spec, "more than 1000 points");
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
      l.measured.clear();
      l.ratio = r;
    }
    s.points.push_back({r, run_scenario(uniform, s.plan, p, ScenarioKind::cdma, &codec)});
  }
  return s;
}

}  // namespace cdma::model

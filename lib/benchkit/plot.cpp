#include "benchkit/plot.hpp"

#include <algorithm>
#include <cmath>

#include "plot/svg.hpp"
#include "text/number_text.hpp"

namespace cdma::benchkit {
namespace {

using plot::Svg;
using text::fixed;

constexpr double kPanelW = 520, kPanelH = 400;
constexpr double kLeft = 60, kRight = 20, kTop = 40, kBottom = 50;
constexpr double kPlotW = kPanelW - kLeft - kRight, kPlotH = kPanelH - kTop - kBottom;
constexpr double kHeader = 64;

const char* colour(const std::string& family) {
  if (family == "cdma") return "#d62728";
  if (family == "zstd") return "#2ca02c";
  if (family == "lz4") return "#1f77b4";
  if (family == "zlib") return "#9467bd";
  return "#555555";
}

// Throughput spans decades (zstd -19 at MB/s, memcpy at 10+ GB/s), so the
// x axis is logarithmic, over whole powers of ten.
struct Axis {
  double lo_exp, hi_exp, ratio_max;
};

double x_of(const Axis& a, double gbps) {
  const double e = std::log10(std::max(gbps, 1e-6));
  return kPlotW * (e - a.lo_exp) / (a.hi_exp - a.lo_exp);
}
double y_of(const Axis& a, double ratio) { return kPlotH * (1 - ratio / a.ratio_max); }

void panel(Svg& svg, double x0, double y0, const Run& run, bool compress) {
  const auto speed = [compress](const Result& r) {
    return compress ? r.compress_gbps() : r.decompress_gbps();
  };
  double lo = 1e9, hi = 0, top = 1;
  for (const Result& r : run.results) {
    lo = std::min(lo, speed(r));
    hi = std::max(hi, speed(r));
    top = std::max(top, r.ratio());
  }
  // Fractional ends: a little room left of the slowest point, more right of
  // the fastest for its label; ticks fall on the powers of ten inside.
  const double lo_e = std::log10(std::max(lo, 1e-4)), hi_e = std::log10(std::max(hi, 1e-4));
  const Axis a{lo_e - 0.15, std::max(hi_e + 0.45, lo_e + 1), std::ceil(top * 1.1)};
  const double px = x0 + kLeft, py = y0 + kTop;
  svg.text({{"x", px}, {"y", py - 12}, {"font-size", "13"}, {"font-weight", "bold"}},
           compress ? "compression" : "decompression");
  svg.element("rect", {{"x", px}, {"y", py}, {"width", kPlotW}, {"height", kPlotH}, {"fill", "none"},
                       {"stroke", "#888"}});
  for (double e = std::ceil(a.lo_exp); e <= a.hi_exp + 1e-9; e += 1) {
    const double x = px + x_of(a, std::pow(10.0, e));
    svg.element("line", {{"x1", x}, {"y1", py}, {"x2", x}, {"y2", py + kPlotH}, {"stroke", "#ddd"}});
    svg.text({{"x", x}, {"y", py + kPlotH + 14}, {"font-size", "10"}, {"text-anchor", "middle"}},
             fixed(std::pow(10.0, e), e < 0 ? int(-e) : 0));
  }
  const int steps = 5;
  for (int i = 0; i <= steps; ++i) {
    const double r = a.ratio_max * i / steps, y = py + y_of(a, r);
    svg.element("line", {{"x1", px}, {"y1", y}, {"x2", px + kPlotW}, {"y2", y}, {"stroke", "#eee"}});
    svg.text({{"x", px - 6}, {"y", y + 4}, {"font-size", "10"}, {"text-anchor", "end"}}, fixed(r, 1));
  }
  svg.text({{"x", px + kPlotW / 2}, {"y", py + kPlotH + 32}, {"font-size", "11"}, {"text-anchor", "middle"}},
           "GB/s of uncompressed data (log scale)");
  svg.text({{"font-size", "11"}, {"text-anchor", "middle"},
            {"transform", plot::rotated_at(px - 42, py + kPlotH / 2, -90)}},
           "compression ratio");

  // The Pareto front: sorted by speed, keep each method no faster one beats on ratio.
  std::vector<const Result*> by_speed;
  for (const Result& r : run.results) by_speed.push_back(&r);
  std::sort(by_speed.begin(), by_speed.end(),
            [&](const Result* p, const Result* q) { return speed(*p) > speed(*q); });
  std::string front;
  double best = 0;
  for (const Result* r : by_speed) {
    if (r->ratio() <= best) continue;
    best = r->ratio();
    front += plot::coord(px + x_of(a, speed(*r))) + "," + plot::coord(py + y_of(a, r->ratio())) + " ";
  }
  svg.element("polyline", {{"points", front}, {"fill", "none"}, {"stroke", "#999"}, {"stroke-dasharray", "4 3"}});

  // Labels go beside their point, moved down past any label already placed
  // there (methods of equal speed and ratio, such as cdma-1 and cdma-zvc).
  std::vector<std::pair<double, double>> placed;
  for (const Result& r : run.results) {
    const double x = px + x_of(a, speed(r)), y = py + y_of(a, r.ratio());
    if (r.family == "memcpy")
      svg.element("line", {{"x1", x}, {"y1", py}, {"x2", x}, {"y2", py + kPlotH}, {"stroke", "#555"},
                           {"stroke-dasharray", "2 2"}});
    svg.element("circle", {{"cx", x}, {"cy", y}, {"r", "4"}, {"fill", colour(r.family)}},
                r.name + ": ratio " + fixed(r.ratio(), 3) + ", " + fixed(speed(r), 3) + " GB/s");
    double ly = y - 5;
    for (bool moved = true; moved;) {
      moved = false;
      for (const auto& [qx, qy] : placed)
        if (std::abs(qx - x) < 55 && std::abs(qy - ly) < 11) {
          ly = qy + 11;
          moved = true;
        }
    }
    placed.emplace_back(x, ly);
    svg.text({{"x", x + 6}, {"y", ly}, {"font-size", "10"}}, r.name);
  }
}

}  // namespace

std::string plot_svg(const Run& run, const std::string& title) {
  Svg svg(2 * kPanelW, kHeader + kPanelH, "cdma bench: " + title, 22);
  svg.text({{"x", "16"}, {"y", "42"}, {"font-size", "11"}},
           std::to_string(run.files) + " files, " + fixed(double(run.bytes) / 1e6, 1) + " MB, median of " +
               std::to_string(run.rounds) + " rounds, " + std::to_string(run.threads) + " thread(s), SIMD " +
               run.simd_target + ". Up and right is better; the dashed line joins the Pareto front.");
  double x = 16;
  for (const char* f : {"cdma", "lz4", "zstd", "zlib", "memcpy"}) {
    svg.element("circle", {{"cx", x + 5}, {"cy", "56"}, {"r", "4"}, {"fill", colour(f)}});
    svg.text({{"x", x + 13}, {"y", "60"}, {"font-size", "11"}}, f);
    x += 80;
  }
  panel(svg, 0, kHeader, run, true);
  panel(svg, kPanelW, kHeader, run, false);
  return svg.finish();
}

}  // namespace cdma::benchkit

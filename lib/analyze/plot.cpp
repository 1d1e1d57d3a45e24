#include "analyze/plot.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <optional>

#include "analyze/columns.hpp"
#include "plot/svg.hpp"
#include "text/number_text.hpp"

namespace cdma::analyze {
namespace {

using plot::Svg;

constexpr double kPanelW = 640, kPanelH = 280;
constexpr double kLeft = 56, kRight = 56, kTop = 40, kBottom = 84;
constexpr double kPlotW = kPanelW - kLeft - kRight, kPlotH = kPanelH - kTop - kBottom;
constexpr double kHeader = 56;  // title and legend above the panels

// The smallest round number (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power
// of ten) at or above v: the ratio axis gets round ticks without leaving
// most of the panel empty.
double nice_ceiling(double v) {
  if (v <= 1.0) return 1.0;
  const double p = std::pow(10.0, std::floor(std::log10(v)));
  for (const double m : {1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0})
    if (m * p >= v - 1e-9) return m * p;
  return 10.0 * p;
}

struct Series {
  std::string name;
  std::string color;
  std::vector<size_t> methods;  // the series is the best ratio among these; empty = best overall
};

std::optional<double> series_value(const Figures& f, const Series& s) {
  if (s.methods.empty()) {
    const auto b = f.best();
    return b ? f.ratio(*b) : std::nullopt;
  }
  const auto b = best_of(f, s.methods);
  return b ? std::optional<double>(b->second) : std::nullopt;
}

std::vector<Series> pick_series(const RatioPlan& plan) {
  std::vector<Series> series;
  for (const CodecColumn& c : codec_columns(plan)) {
    if (c.header == "zvc") series.push_back({"zvc", "#d62728", c.methods});
    if (c.header == "libzstd-1") series.push_back({"libzstd -1", "#2ca02c", c.methods});
  }
  series.push_back({"best", "#1f1f1f", {}});
  return series;
}

class Panel {
 public:
  Panel(Svg& svg, double x, double y) : svg_(svg), x0_(x + kLeft), y0_(y + kTop) {}

  void frame(const std::string& title, double ratio_max) {
    svg_.text({{"x", x0_}, {"y", y0_ - 14}, {"font-size", "13"}, {"font-weight", "bold"}}, title);
    for (int i = 0; i <= 4; ++i) {
      const double y = y0_ + kPlotH - kPlotH * i / 4.0;
      svg_.element("line", {{"x1", x0_}, {"y1", y}, {"x2", x0_ + kPlotW}, {"y2", y}, {"stroke", "#ddd"}});
      svg_.text({{"x", x0_ - 6}, {"y", y + 4}, {"font-size", "10"}, {"text-anchor", "end"}},
                text::fixed(i / 4.0, 2));
      svg_.text({{"x", x0_ + kPlotW + 6}, {"y", y + 4}, {"font-size", "10"}},
                text::general(ratio_max * i / 4.0, 3) + "x");
    }
    svg_.element("rect", {{"x", x0_}, {"y", y0_}, {"width", kPlotW}, {"height", kPlotH},
                          {"fill", "none"}, {"stroke", "#888"}});
    svg_.text({{"font-size", "10"}, {"text-anchor", "middle"},
               {"transform", plot::rotated_at(x0_ - 40, y0_ + kPlotH / 2, -90)}},
              "density");
    svg_.text({{"font-size", "10"}, {"text-anchor", "middle"},
               {"transform", plot::rotated_at(x0_ + kPlotW + 44, y0_ + kPlotH / 2, 90)}},
              "compression ratio");
  }

  double slot_x(size_t i, size_t n) const { return x0_ + kPlotW * (i + 0.5) / double(n); }

  void bar(size_t i, size_t n, double dens, const std::string& label) {
    const double w = kPlotW / double(n) * 0.6;
    const double h = kPlotH * std::clamp(dens, 0.0, 1.0);
    const double x = slot_x(i, n);
    svg_.element("rect",
                 {{"x", x - w / 2}, {"y", y0_ + kPlotH - h}, {"width", w}, {"height", h}, {"fill", "#9ecae1"}},
                 label + ": density " + text::fixed(dens, 4));
    svg_.text({{"font-size", "9"}, {"text-anchor", "end"},
               {"transform", plot::rotated_at(x + 3, y0_ + kPlotH + 10, -40)}},
              label);
  }

  void line(const std::vector<std::optional<double>>& values, double ratio_max,
            const Series& s) {
    std::string points;
    for (size_t i = 0; i < values.size(); ++i) {
      if (!values[i]) continue;
      const double x = slot_x(i, values.size());
      const double y = y0_ + kPlotH - kPlotH * std::min(*values[i] / ratio_max, 1.0);
      points += plot::coord(x) + "," + plot::coord(y) + " ";
      svg_.element("circle", {{"cx", x}, {"cy", y}, {"r", "2.5"}, {"fill", s.color}},
                   s.name + " " + text::fixed(*values[i], 2) + "x");
    }
    svg_.element("polyline", {{"points", points}, {"fill", "none"}, {"stroke", s.color}, {"stroke-width", "1.5"}});
  }

 private:
  Svg& svg_;
  double x0_, y0_;
};

void draw_panel(Svg& svg, double x, double y, const std::string& dir,
                const std::vector<const Figures*>& layers, const std::vector<Series>& series) {
  std::vector<std::vector<std::optional<double>>> values(series.size());
  double top = 1.0;
  for (size_t s = 0; s < series.size(); ++s) {
    for (const Figures* f : layers) {
      values[s].push_back(series_value(*f, series[s]));
      if (values[s].back()) top = std::max(top, *values[s].back());
    }
  }
  const double ratio_max = nice_ceiling(top);
  Figures pool;
  for (const Figures* f : layers) pool.add(*f);
  Panel p(svg, x, y);
  p.frame(dir + "  (" + std::to_string(layers.size()) + " tensors, density " +
              text::fixed(density(pool.zeros), 3) + ")",
          ratio_max);
  for (size_t i = 0; i < layers.size(); ++i)
    p.bar(i, layers.size(), density(layers[i]->zeros),
          std::filesystem::path(layers[i]->name).stem().string());
  for (size_t s = 0; s < series.size(); ++s) p.line(values[s], ratio_max, series[s]);
}

void legend(Svg& svg, const std::vector<Series>& series) {
  double x = 16;
  svg.element("rect", {{"x", x}, {"y", "30"}, {"width", "14"}, {"height", "10"}, {"fill", "#9ecae1"}});
  svg.text({{"x", x + 18}, {"y", "39"}, {"font-size", "11"}}, "density (left axis)");
  x += 140;
  for (const Series& s : series) {
    svg.element("line", {{"x1", x}, {"y1", "35"}, {"x2", x + 18}, {"y2", "35"}, {"stroke", s.color},
                         {"stroke-width", "2"}});
    svg.text({{"x", x + 22}, {"y", "39"}, {"font-size", "11"}}, s.name + " ratio (right axis)");
    x += 170;
  }
}

}  // namespace

std::string plot_svg(const Report& r) {
  // Panels in order of first appearance; each holds its directory's layers.
  std::vector<std::string> dirs;
  std::vector<std::vector<const Figures*>> layers;
  for (size_t i = 0; i < r.tensors.size(); ++i) {
    const auto it = std::find(dirs.begin(), dirs.end(), r.tensor_dirs[i]);
    const size_t k = static_cast<size_t>(it - dirs.begin());
    if (it == dirs.end()) {
      dirs.push_back(r.tensor_dirs[i]);
      layers.emplace_back();
    }
    layers[k].push_back(&r.tensors[i]);
  }
  const auto series = pick_series(*r.plan);
  const size_t cols = dirs.size() > 1 ? 2 : 1;
  const size_t rows = std::max<size_t>((dirs.size() + cols - 1) / cols, 1);
  const double width = kPanelW * double(cols), height = kHeader + kPanelH * double(rows);
  Svg svg(width, height, "cdma analyze: density and compression ratio per layer", 20);
  legend(svg, series);
  for (size_t d = 0; d < dirs.size(); ++d)
    draw_panel(svg, kPanelW * double(d % cols), kHeader + kPanelH * double(d / cols), dirs[d],
               layers[d], series);
  if (dirs.empty()) svg.text({{"x", "16"}, {"y", kHeader + 20}, {"font-size", "12"}}, "no tensors");
  return svg.finish();
}

}  // namespace cdma::analyze

#include "analyze/plot.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <optional>

#include "analyze/columns.hpp"

namespace cdma::analyze {
namespace {

constexpr double kPanelW = 640, kPanelH = 280;
constexpr double kLeft = 56, kRight = 56, kTop = 40, kBottom = 84;
constexpr double kPlotW = kPanelW - kLeft - kRight, kPlotH = kPanelH - kTop - kBottom;
constexpr double kHeader = 56;  // title and legend above the panels

std::string esc(const std::string& s) {
  std::string out;
  for (const char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string n1(double v) { return fixed(v, 1); }

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
  Panel(std::string& out, double x, double y) : out_(out), x0_(x + kLeft), y0_(y + kTop) {}

  void frame(const std::string& title, double ratio_max) {
    out_ += "<text x=\"" + n1(x0_) + "\" y=\"" + n1(y0_ - 14) +
            "\" font-size=\"13\" font-weight=\"bold\">" + esc(title) + "</text>\n";
    for (int i = 0; i <= 4; ++i) {
      const double y = y0_ + kPlotH - kPlotH * i / 4.0;
      out_ += "<line x1=\"" + n1(x0_) + "\" y1=\"" + n1(y) + "\" x2=\"" + n1(x0_ + kPlotW) +
              "\" y2=\"" + n1(y) + "\" stroke=\"#ddd\"/>\n";
      out_ += "<text x=\"" + n1(x0_ - 6) + "\" y=\"" + n1(y + 4) +
              "\" font-size=\"10\" text-anchor=\"end\">" + fixed(i / 4.0, 2) + "</text>\n";
      out_ += "<text x=\"" + n1(x0_ + kPlotW + 6) + "\" y=\"" + n1(y + 4) + "\" font-size=\"10\">" +
              general(ratio_max * i / 4.0, 3) + "x</text>\n";
    }
    out_ += "<rect x=\"" + n1(x0_) + "\" y=\"" + n1(y0_) + "\" width=\"" + n1(kPlotW) +
            "\" height=\"" + n1(kPlotH) + "\" fill=\"none\" stroke=\"#888\"/>\n";
    out_ += "<text font-size=\"10\" text-anchor=\"middle\" transform=\"translate(" +
            n1(x0_ - 40) + "," + n1(y0_ + kPlotH / 2) + ") rotate(-90)\">density</text>\n";
    out_ += "<text font-size=\"10\" text-anchor=\"middle\" transform=\"translate(" +
            n1(x0_ + kPlotW + 44) + "," + n1(y0_ + kPlotH / 2) +
            ") rotate(90)\">compression ratio</text>\n";
  }

  double slot_x(size_t i, size_t n) const { return x0_ + kPlotW * (i + 0.5) / double(n); }

  void bar(size_t i, size_t n, double dens, const std::string& label) {
    const double w = kPlotW / double(n) * 0.6;
    const double h = kPlotH * std::clamp(dens, 0.0, 1.0);
    const double x = slot_x(i, n);
    out_ += "<rect x=\"" + n1(x - w / 2) + "\" y=\"" + n1(y0_ + kPlotH - h) + "\" width=\"" +
            n1(w) + "\" height=\"" + n1(h) + "\" fill=\"#9ecae1\"><title>" + esc(label) +
            ": density " + fixed(dens, 4) + "</title></rect>\n";
    out_ += "<text font-size=\"9\" text-anchor=\"end\" transform=\"translate(" + n1(x + 3) + "," +
            n1(y0_ + kPlotH + 10) + ") rotate(-40)\">" + esc(label) + "</text>\n";
  }

  void line(const std::vector<std::optional<double>>& values, double ratio_max,
            const Series& s) {
    std::string points;
    for (size_t i = 0; i < values.size(); ++i) {
      if (!values[i]) continue;
      const double x = slot_x(i, values.size());
      const double y = y0_ + kPlotH - kPlotH * std::min(*values[i] / ratio_max, 1.0);
      points += n1(x) + "," + n1(y) + " ";
      out_ += "<circle cx=\"" + n1(x) + "\" cy=\"" + n1(y) + "\" r=\"2.5\" fill=\"" + s.color +
              "\"><title>" + esc(s.name) + " " + fixed(*values[i], 2) + "x</title></circle>\n";
    }
    out_ += "<polyline points=\"" + points + "\" fill=\"none\" stroke=\"" + s.color +
            "\" stroke-width=\"1.5\"/>\n";
  }

 private:
  std::string& out_;
  double x0_, y0_;
};

void draw_panel(std::string& out, double x, double y, const std::string& dir,
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
  Panel p(out, x, y);
  p.frame(dir + "  (" + std::to_string(layers.size()) + " tensors, density " +
              fixed(density(pool.zeros), 3) + ")",
          ratio_max);
  for (size_t i = 0; i < layers.size(); ++i)
    p.bar(i, layers.size(), density(layers[i]->zeros),
          std::filesystem::path(layers[i]->name).stem().string());
  for (size_t s = 0; s < series.size(); ++s) p.line(values[s], ratio_max, series[s]);
}

void legend(std::string& out, const std::vector<Series>& series) {
  double x = 16;
  out += "<rect x=\"" + n1(x) + "\" y=\"30\" width=\"14\" height=\"10\" fill=\"#9ecae1\"/>\n";
  out += "<text x=\"" + n1(x + 18) + "\" y=\"39\" font-size=\"11\">density (left axis)</text>\n";
  x += 140;
  for (const Series& s : series) {
    out += "<line x1=\"" + n1(x) + "\" y1=\"35\" x2=\"" + n1(x + 18) + "\" y2=\"35\" stroke=\"" +
           s.color + "\" stroke-width=\"2\"/>\n";
    out += "<text x=\"" + n1(x + 22) + "\" y=\"39\" font-size=\"11\">" + esc(s.name) +
           " ratio (right axis)</text>\n";
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
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" +
                    n1(width) + "\" height=\"" + n1(height) + "\" viewBox=\"0 0 " + n1(width) +
                    " " + n1(height) + "\" font-family=\"sans-serif\">\n";
  out += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  out += "<text x=\"16\" y=\"20\" font-size=\"15\" font-weight=\"bold\">cdma analyze: density "
         "and compression ratio per layer</text>\n";
  legend(out, series);
  for (size_t d = 0; d < dirs.size(); ++d)
    draw_panel(out, kPanelW * double(d % cols), kHeader + kPanelH * double(d / cols), dirs[d],
               layers[d], series);
  if (dirs.empty())
    out += "<text x=\"16\" y=\"" + n1(kHeader + 20) + "\" font-size=\"12\">no tensors</text>\n";
  return out + "</svg>\n";
}

}  // namespace cdma::analyze

#include "model/report_common.hpp"

#include <algorithm>

#include "model/format.hpp"
#include "text/number_text.hpp"

namespace cdma::model {
namespace {

// "0.50" when every kind runs at the same efficiency, else
// "conv 0.50, fc 0.60, ..." (input layers cost nothing, so they are left out).
std::string efficiency_text(const Platform& p) {
  const auto& e = p.efficiency;
  if (std::all_of(e.begin(), e.end(), [&](double x) { return x == e.front(); })) return text::fixed(e.front(), 2);
  std::string s;
  for (size_t k = 0; k < kLayerKinds; ++k) {
    const auto kind = static_cast<LayerKind>(k);
    if (kind == LayerKind::input) continue;
    s += (s.empty() ? "" : ", ") + std::string(kind_name(kind)) + ' ' + text::fixed(e[k], 2);
  }
  return s;
}

}  // namespace

void write_platform_text(std::ostream& out, const Platform& p, const std::vector<CodecChoice>& codecs) {
  out << "  compute  " << fmt_flops(p.peak_flops()) << ' '
      << (p.math == MathMode::tensor ? "tensor" : "fp32") << " peak, DRAM " << fmt_rate(p.dram_bps)
      << "; layers timed from FLOPs run at " << efficiency_text(p) << " of both roofs\n"
      << "  DRAM     contention " << (p.dram_contention ? "on" : "off")
      << (p.dram_contention ? ": transfers' DRAM bytes slow memory-bound layers" : "") << '\n';
  out << "  link     ";
  if (p.link.measured_bps)
    out << "measured " << fmt_rate(p.link_bps());
  else
    out << fmt_rate(link_encoded_bps(p.link)) << " encoded x " << text::fixed(p.link.protocol_efficiency, 2)
        << " protocol = " << fmt_rate(p.link_bps());
  out << " per direction, " << fmt_time(p.link.latency_s) << " per transfer\n";
  for (const CodecChoice& c : codecs) {
    const double width = p.engine.bytes_per_cycle.value_or(codec_profile(c.name, c.level).bytes_per_cycle);
    const double comp = engine_bps(p, c.name, c.level, true);
    const double decomp = engine_bps(p, c.name, c.level, false);
    out << "  engine   " << c.name << ": " << p.engine.compress_units << " compress + "
        << p.engine.decompress_units << " decompress units x " << text::fixed(width, 0) << " B/cycle x "
        << text::fixed(p.engine_clock_hz() / 1e6, 0) << " MHz, capped at DRAM share "
        << text::fixed(p.engine.dram_share, 2) << " = " << fmt_rate(p.engine.dram_share * p.dram_bps) << '\n'
        << "           compress " << fmt_rate(comp) << ", decompress " << fmt_rate(decomp)
        << ": binds above ratio " << text::fixed(std::min(comp, decomp) / p.link_bps(), 2) << '\n';
  }
}

void write_platform_json(json::JsonWriter& w, const Platform& p, const std::vector<CodecChoice>& codecs) {
  w.begin_object("platform");
  w.field("name", p.name());
  w.field("gpu", p.gpu_name);
  w.field("math", p.math == MathMode::tensor ? "tensor" : "fp32");
  w.field("peak_flops", p.peak_flops());
  w.begin_object("efficiency");
  for (size_t k = 0; k < kLayerKinds; ++k)
    if (static_cast<LayerKind>(k) != LayerKind::input)
      w.field(std::string(kind_name(static_cast<LayerKind>(k))), p.efficiency[k]);
  w.end_object();
  w.field("dram_contention", p.dram_contention);
  w.field("dram_bps", p.dram_bps);
  w.field("clock_hz", p.clock_hz);
  w.begin_object("link");
  w.field("gen", p.link.gen);
  w.field("lanes", p.link.lanes);
  w.field("measured", p.link.measured_bps.has_value());
  w.field("encoded_bps", link_encoded_bps(p.link));
  w.field("protocol_efficiency", p.link.protocol_efficiency);
  w.field("bandwidth_bps", p.link_bps());
  w.field("latency_s", p.link.latency_s);
  w.end_object();
  w.begin_object("engine");
  w.field("compress_units", p.engine.compress_units);
  w.field("decompress_units", p.engine.decompress_units);
  w.field("clock_hz", p.engine_clock_hz());
  w.field("dram_share", p.engine.dram_share);
  w.end_object();
  w.end_object();
  w.begin_array("codecs");
  for (const CodecChoice& c : codecs) {
    w.begin_object();
    w.field("name", c.name);
    w.field("level", c.level);
    w.field("bytes_per_cycle", p.engine.bytes_per_cycle.value_or(codec_profile(c.name, c.level).bytes_per_cycle));
    w.field("compress_bps", engine_bps(p, c.name, c.level, true));
    w.field("decompress_bps", engine_bps(p, c.name, c.level, false));
    w.end_object();
  }
  w.end_array();
}

void write_preamble_json(json::JsonWriter& w, const Platform& p, const std::vector<CodecChoice>& codecs, Policy policy,
                         const std::string& layers_source) {
  write_platform_json(w, p, codecs);
  w.field("policy", policy_name(policy));
  w.field("layers_source", layers_source);
}

std::string bound_summary(const Totals& t) {
  std::string s;
  if (t.link_bound > 0) s = "link " + std::to_string(t.link_bound);
  if (t.engine_bound > 0) s += (s.empty() ? "" : ", ") + std::string("engine ") + std::to_string(t.engine_bound);
  return s.empty() ? "-" : s;
}

std::string speedup_text(double a, double b) { return b > 0 ? text::fixed(a / b, 2) + "x" : "-"; }

size_t count_offloaded(const std::vector<bool>& plan) {
  return static_cast<size_t>(std::count(plan.begin(), plan.end(), true));
}

}  // namespace cdma::model

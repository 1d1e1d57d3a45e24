#include <set>

#include "model/format.hpp"
#include "model/report.hpp"
#include "model/report_common.hpp"
#include "model/text.hpp"
#include "model/text_table.hpp"

namespace cdma::model {
namespace {

std::string offload_cell(const ModelReport& r, size_t i) {
  if (r.result.plan[i]) return "yes";
  return i + 1 == r.layers.size() && r.policy != Policy::none ? "last" : "no";
}

TextTable layer_table(const ModelReport& r) {
  TextTable t;
  std::vector<std::string> head = {"#", "layer", "kind", "bytes", "fwd", "bwd", "offload", "plain xfer"};
  t.right = {true, false, false, true, true, true, false, true};
  // One group of columns per engine: each codec's, then the device codec's.
  for (const ScenarioResult& s : r.result.scenarios) {
    if (s.kind != ScenarioKind::cdma && s.kind != ScenarioKind::device) continue;
    head.push_back(s.codec + " ratio");
    head.push_back("xfer");
    head.push_back("fwd bound");
    t.right.insert(t.right.end(), {true, true, false});
  }
  t.rows.push_back(head);

  const ScenarioResult& plain = r.result.uncompressed();
  for (size_t i = 0; i < r.layers.size(); ++i) {
    const Layer& l = r.layers[i];
    const bool off = r.result.plan[i];
    std::vector<std::string> row = {std::to_string(i), l.name, std::string(kind_name(l.kind)),
                                    std::to_string(l.bytes.value_or(0)), fmt_time(l.fwd_s.value_or(0)),
                                    fmt_time(l.bwd_s.value_or(0)), offload_cell(r, i),
                                    off ? fmt_time(plain.timeline.layers[i].move.offload.seconds) : "-"};
    for (const ScenarioResult& s : r.result.scenarios) {
      if (s.kind != ScenarioKind::cdma && s.kind != ScenarioKind::device) continue;
      const LayerOutcome& o = s.timeline.layers[i];
      if (s.kind == ScenarioKind::device)  // what the codec measured, or copied as it is
        row.push_back(l.compress_s ? fmt_fixed(l.ratio.value_or(1.0), 2) : "-");
      else
        row.push_back(fmt_fixed(ratio_for(l, s.codec), 2));
      row.push_back(off ? fmt_time(o.move.offload.seconds) : "-");
      row.push_back(std::string(bound_name(o.fwd.bound)));
    }
    t.rows.push_back(row);
  }
  return t;
}

TextTable summary_table(const ModelReport& r) {
  const auto& all = r.result.scenarios;
  const double plain_s = r.result.uncompressed().timeline.totals.iteration_s;
  const double oracle_s = r.result.oracle().timeline.totals.iteration_s;
  TextTable t;
  auto add = [&](const std::string& what, auto cell) {
    std::vector<std::string> row = {what};
    for (const ScenarioResult& s : all) row.push_back(cell(s, s.timeline.totals));
    t.rows.push_back(row);
  };
  std::vector<std::string> head = {""};
  for (const ScenarioResult& s : all) head.push_back(s.label);
  t.rows.push_back(head);
  t.right.assign(head.size(), true);
  t.right[0] = false;
  using S = const ScenarioResult&;
  using T = const Totals&;
  add("offloaded bytes (each way)", [](S, T x) { return std::to_string(x.raw_bytes); });
  add("bytes over PCIe (each way)", [](S, T x) { return std::to_string(x.link_bytes); });
  add("bytes in host memory", [](S, T x) { return std::to_string(x.host_bytes); });
  add("link time (both ways)", [](S, T x) { return fmt_time(x.wire_s); });
  add("transfer time", [](S, T x) { return fmt_time(x.transfer_s); });
  add("DRAM contention", [](S, T x) { return fmt_time(x.contention_s); });
  if (has_codec_times(r.layers))
    add("device codec (GPU time)", [](S, T x) { return fmt_time(x.codec_s); });
  add("stall forward", [](S, T x) { return fmt_time(x.stall_fwd_s); });
  add("stall backward", [](S, T x) { return fmt_time(x.stall_bwd_s); });
  add("bound (transfers)", [](S, T x) { return bound_summary(x); });
  add("iteration time", [](S, T x) { return fmt_time(x.iteration_s); });
  add("speed-up vs uncompressed", [&](S, T x) { return speedup_text(plain_s, x.iteration_s); });
  add("fraction of oracle", [&](S, T x) { return fmt_fixed(oracle_s / x.iteration_s, 3); });
  return t;
}

// Offloaded layers with neither a measured nor a given ratio: their ratio
// of 1 is an assumption the user should see.
std::string unknown_ratios(const ModelReport& r) {
  std::string names;
  size_t n = 0;
  for (size_t i = 0; i < r.layers.size(); ++i) {
    const Layer& l = r.layers[i];
    if (!r.result.plan[i] || l.ratio || !l.measured.empty()) continue;
    names += (n++ ? ", " : "") + l.name;
  }
  if (n == 0 || r.codecs.empty()) return "";
  return "  note: " + std::to_string(n) + " offloaded layer" + (n > 1 ? "s have" : " has") +
         " no measured or given ratio (" + names + "): taken as 1\n";
}

}  // namespace

void write_model_text(std::ostream& out, const ModelReport& r) {
  out << "cdma model: " << r.platform.name() << ", offload policy " << policy_name(r.policy) << '\n';
  write_platform_text(out, r.platform, r.codecs);
  out << "  layers   " << printable(r.layers_source) << ": " << r.layers.size() << " layers, "
      << count_offloaded(r.result.plan) << " offloaded";
  if (!r.dumps_dir.empty()) {
    std::set<std::string> dumps;
    for (const Layer& l : r.layers)
      if (!l.dump.empty()) dumps.insert(l.dump);
    out << "; " << dumps.size() << " sizes and ratios measured on " << printable(r.dumps_dir);
  }
  out << '\n';
  if (has_codec_times(r.layers)) {
    size_t timed = 0;
    for (const Layer& l : r.layers) timed += l.compress_s.has_value();
    out << "  device   codec times measured on " << timed
        << " layers (compress_ms, decompress_ms): GPU time before each copy out and after each copy "
           "back\n";
  }
  if (!r.layers.empty() && r.layers.front().graph)
    out << "  graph    bytes are each layer's output, offloaded once and fetched back before its first "
           "backward use\n";
  out << '\n';
  layer_table(r).print(out, "  ");
  out << '\n';
  summary_table(r).print(out, "  ");
  out << unknown_ratios(r);
}

}  // namespace cdma::model

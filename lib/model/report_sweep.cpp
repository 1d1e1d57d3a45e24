#include "json/json_writer.hpp"
#include "model/format.hpp"
#include "model/report.hpp"
#include "model/report_common.hpp"
#include "model/text.hpp"
#include "model/text_table.hpp"
#include "text/number_text.hpp"

namespace cdma::model {

void write_sweep_text(std::ostream& out, const SweepReport& r) {
  const Sweep& s = r.sweep;
  const double oracle_s = s.oracle.timeline.totals.iteration_s;
  const double plain_s = s.uncompressed.timeline.totals.iteration_s;
  out << "cdma model sweep: " << r.platform.name() << ", offload policy " << policy_name(r.policy)
      << ", engine " << r.codec.name << '\n';
  write_platform_text(out, r.platform, {r.codec});
  out << "  layers   " << printable(r.layers_source) << ": " << r.layers.size() << " layers, "
      << count_offloaded(s.plan) << " offloaded, " << s.uncompressed.timeline.totals.raw_bytes
      << " bytes each way\n";
  out << "  oracle " << fmt_time(oracle_s) << ", uncompressed offload " << fmt_time(plain_s) << " ("
      << text::fixed(oracle_s / plain_s, 3) << " of oracle)\n\n";

  TextTable t;
  t.rows.push_back({"ratio", "iteration", "speed-up", "of oracle", "stall", "contention", "bound (transfers)"});
  t.right = {true, true, true, true, true, true, false};
  for (const SweepPoint& p : s.points) {
    const Totals& x = p.cdma.timeline.totals;
    t.rows.push_back({text::fixed(p.ratio, 2), fmt_time(x.iteration_s), speedup_text(plain_s, x.iteration_s),
                      text::fixed(oracle_s / x.iteration_s, 3), fmt_time(x.stall_fwd_s + x.stall_bwd_s),
                      fmt_time(x.contention_s), bound_summary(x)});
  }
  t.print(out, "  ");
}

void write_sweep_json(std::ostream& out, const SweepReport& r) {
  const Sweep& s = r.sweep;
  const double oracle_s = s.oracle.timeline.totals.iteration_s;
  const double plain_s = s.uncompressed.timeline.totals.iteration_s;
  std::string doc;
  json::JsonWriter w(doc);
  w.begin_object();
  write_preamble_json(w, r.platform, {r.codec}, r.policy, r.layers_source);
  w.field("layers", static_cast<uint64_t>(r.layers.size()));
  w.field("offloaded_layers", static_cast<uint64_t>(count_offloaded(s.plan)));
  w.field("oracle_s", oracle_s);
  w.field("uncompressed_s", plain_s);
  w.begin_array("points");
  for (const SweepPoint& p : s.points) {
    w.begin_object();
    w.field("ratio", p.ratio);
    scenario_json(w, "cdma", p.cdma, oracle_s, plain_s, false);
    w.end_object();
  }
  w.end_array();
  w.end_object();
  w.finish();
  out << doc;
}

}  // namespace cdma::model

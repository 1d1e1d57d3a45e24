#include "json/json_writer.hpp"
#include "model/format.hpp"
#include "model/report.hpp"
#include "model/report_common.hpp"
#include "model/text.hpp"
#include "model/text_table.hpp"
#include "text/number_text.hpp"

namespace cdma::model {
namespace {

// The cdma scenario of `codec` in a stage's report.
const ScenarioResult& cdma_of(const ModelReport& r, const std::string& codec) {
  for (const ScenarioResult& s : r.result.scenarios)
    if (s.kind == ScenarioKind::cdma && s.codec == codec) return s;
  return r.result.scenarios.back();  // not reached: every codec has one
}

// Offloaded bytes over link bytes: the stage's ratio, weighted by size.
double overall_ratio(const Totals& t) {
  return t.link_bytes > 0 ? static_cast<double>(t.raw_bytes) / static_cast<double>(t.link_bytes) : 1.0;
}

}  // namespace

void write_stages_text(std::ostream& out, const StagesReport& r) {
  const ModelReport& first = r.stages.front().report;
  out << "cdma model stages: " << first.platform.name() << ", offload policy " << policy_name(first.policy)
      << '\n';
  write_platform_text(out, first.platform, first.codecs);
  out << "  layers   " << printable(first.layers_source) << ": " << first.layers.size() << " layers, "
      << count_offloaded(first.result.plan) << " offloaded; ratios measured per stage in "
      << printable(r.stages_dir) << "\n\n";
  TextTable t;
  std::vector<std::string> head = {"stage", "oracle", "uncompressed"};
  for (const CodecChoice& c : first.codecs) {
    head.push_back(c.name + " ratio");
    head.push_back("cdma " + c.name);
    head.push_back("speed-up");
    head.push_back("of oracle");
  }
  t.rows.push_back(head);
  t.right.assign(head.size(), true);
  t.right[0] = false;
  for (const StageResult& st : r.stages) {
    const double oracle_s = st.report.result.oracle().timeline.totals.iteration_s;
    const double plain_s = st.report.result.uncompressed().timeline.totals.iteration_s;
    std::vector<std::string> row = {printable(st.name), fmt_time(oracle_s), fmt_time(plain_s)};
    for (const CodecChoice& c : st.report.codecs) {
      const Totals& x = cdma_of(st.report, c.name).timeline.totals;
      row.push_back(text::fixed(overall_ratio(x), 2));
      row.push_back(fmt_time(x.iteration_s));
      row.push_back(speedup_text(plain_s, x.iteration_s));
      row.push_back(text::fixed(oracle_s / x.iteration_s, 3));
    }
    t.rows.push_back(row);
  }
  t.print(out, "  ");
}

void write_stages_json(std::ostream& out, const StagesReport& r) {
  const ModelReport& first = r.stages.front().report;
  std::string doc;
  json::JsonWriter w(doc);
  w.begin_object();
  write_preamble_json(w, first.platform, first.codecs, first.policy, first.layers_source);
  w.field("stages_dir", r.stages_dir);
  w.begin_array("stages");
  for (const StageResult& st : r.stages) {
    const double oracle_s = st.report.result.oracle().timeline.totals.iteration_s;
    const double plain_s = st.report.result.uncompressed().timeline.totals.iteration_s;
    w.begin_object();
    w.field("name", st.name);
    w.field("oracle_s", oracle_s);
    w.field("uncompressed_s", plain_s);
    w.begin_array("codecs");
    for (const CodecChoice& c : st.report.codecs) {
      const Totals& x = cdma_of(st.report, c.name).timeline.totals;
      w.begin_object();
      w.field("name", c.name);
      w.field("ratio", overall_ratio(x));
      w.field("iteration_s", x.iteration_s);
      w.field("speedup_vs_uncompressed", plain_s / x.iteration_s);
      w.field("fraction_of_oracle", oracle_s / x.iteration_s);
      w.end_object();
    }
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.end_object();
  w.finish();
  out << doc;
}

}  // namespace cdma::model

#include "model/json_writer.hpp"
#include "model/report.hpp"
#include "model/report_common.hpp"

namespace cdma::model {
namespace {

// `codec`: the scenario has a software codec's GPU time to report (the
// others leave the member out, so their JSON is as before).
void step_json(JsonWriter& w, std::string_view key, const Step& s, bool codec) {
  w.begin_object(key);
  w.field("compute_s", s.compute_s);
  w.field("contention_s", s.contention_s);
  if (codec) w.field("codec_s", s.codec_s);
  w.field("transfer_s", s.transfer_s);
  w.field("stall_s", s.stall_s);
  w.field("bound", bound_name(s.bound));
  w.end_object();
}

void totals_json(JsonWriter& w, const Totals& t, bool codec) {
  w.begin_object("totals");
  w.field("offloaded_bytes", t.raw_bytes);
  w.field("link_bytes", t.link_bytes);
  w.field("host_bytes", t.host_bytes);
  w.field("compute_s", t.compute_s);
  w.field("link_s", t.wire_s);
  w.field("transfer_s", t.transfer_s);
  w.field("contention_s", t.contention_s);
  if (codec) w.field("codec_s", t.codec_s);
  w.field("stall_forward_s", t.stall_fwd_s);
  w.field("stall_backward_s", t.stall_bwd_s);
  w.field("link_bound_transfers", t.link_bound);
  w.field("engine_bound_transfers", t.engine_bound);
  w.field("stalled_steps", t.stalled_steps);
  w.field("iteration_s", t.iteration_s);
  w.end_object();
}

}  // namespace

// Shared with the sweep, which reports one cdma scenario per ratio.
void scenario_json(JsonWriter& w, std::string_view key, const ScenarioResult& s, double oracle_s,
                   double plain_s, bool per_layer) {
  w.begin_object(key);
  w.field("label", s.label);
  w.field("codec", s.codec);
  const bool codec = s.kind == ScenarioKind::device;
  totals_json(w, s.timeline.totals, codec);
  w.field("speedup_vs_uncompressed", plain_s / s.timeline.totals.iteration_s);
  w.field("fraction_of_oracle", oracle_s / s.timeline.totals.iteration_s);
  if (per_layer) {
    w.begin_array("layers");
    for (const LayerOutcome& o : s.timeline.layers) {
      w.begin_object();
      w.field("offloaded", o.offloaded);
      w.field("ratio", o.move.ratio);
      w.field("link_bytes", o.move.link_bytes);
      w.field("host_bytes", o.move.host_bytes);
      w.field("offload_s", o.move.offload.seconds);
      w.field("offload_bound", bound_name(o.move.offload.bound));
      w.field("prefetch_s", o.move.prefetch.seconds);
      w.field("prefetch_bound", bound_name(o.move.prefetch.bound));
      if (codec) {
        w.field("compress_s", o.move.offload_codec_s);
        w.field("decompress_s", o.move.prefetch_codec_s);
      }
      step_json(w, "forward", o.fwd, codec);
      step_json(w, "backward", o.bwd, codec);
      w.end_object();
    }
    w.end_array();
  }
  w.end_object();
}

void write_model_json(std::ostream& out, const ModelReport& r) {
  JsonWriter w(out);
  w.begin_object();
  write_preamble_json(w, r.platform, r.codecs, r.policy, r.layers_source);
  w.field("dumps", r.dumps_dir);
  w.begin_array("layers");
  for (size_t i = 0; i < r.layers.size(); ++i) {
    const Layer& l = r.layers[i];
    w.begin_object();
    w.field("name", l.name);
    w.field("kind", kind_name(l.kind));
    if (l.graph) {  // graph form: `bytes` is this layer's output, read by the layers naming it
      w.begin_array("inputs");
      for (const size_t row : l.input_rows) w.field("", r.layers[row].name);
      w.end_array();
    }
    w.field("bytes", l.bytes.value_or(0));
    w.field("fwd_s", l.fwd_s.value_or(0));
    w.field("bwd_s", l.bwd_s.value_or(0));
    if (l.compress_s) {  // measured by a software codec (the device codec scenario)
      w.field("compress_s", *l.compress_s);
      w.field("decompress_s", l.decompress_s.value_or(0));
    }
    w.field("offloaded", static_cast<bool>(r.result.plan[i]));
    w.field("dump", l.dump);
    w.begin_object("ratios");
    for (const CodecChoice& c : r.codecs) w.field(c.name, ratio_for(l, c.name));
    w.end_object();
    w.end_object();
  }
  w.end_array();
  const double oracle_s = r.result.oracle().timeline.totals.iteration_s;
  const double plain_s = r.result.uncompressed().timeline.totals.iteration_s;
  w.begin_array("scenarios");
  for (const ScenarioResult& s : r.result.scenarios) scenario_json(w, "", s, oracle_s, plain_s, true);
  w.end_array();
  w.end_object();
  w.finish();
}

}  // namespace cdma::model

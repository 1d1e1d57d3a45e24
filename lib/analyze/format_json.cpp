// JSON rendering: every figure with the exact counts behind it, so that a
// script can re-derive or re-pool anything. Compact, one tensor a line;
// doubles with 17 significant digits, so that a double survives the trip
// through text exactly and scripts can compare figures with ==.
#include <string_view>

#include "analyze/format.hpp"
#include "json/json_writer.hpp"

namespace cdma::analyze {
namespace {

using json::JsonWriter;

constexpr json::WriterStyle kStyle{.spaces = false, .double_digits = 17};

void write_figures(JsonWriter& w, std::string_view key, const Figures& f, const RatioPlan& plan,
                   const char* kind) {
  w.begin_object(key, json::Layout::one_line);
  w.field("kind", kind);
  w.field("name", f.name);
  w.field("dtype", f.dtype);
  if (std::string_view(kind) == "tensor") {
    w.field("descr", f.descr);
    if (f.shape.empty()) w.null_field("shape");
    else w.field("shape", f.shape);
  }
  w.field("tensors", f.tensors);
  w.field("elements", f.zeros.elements);
  w.field("bytes", f.bytes);
  w.field("nonzero", f.zeros.nonzero);
  w.field("density", density(f.zeros));
  w.begin_object("zero_runs", json::Layout::one_line);
  w.field("count", f.zeros.zero_runs);
  w.field("mean", mean_zero_run(f.zeros));
  w.field("longest", f.zeros.longest_run);
  w.field("long_run_min", kLongRun);
  w.field("long_run_zeros", f.zeros.long_run_zeros);
  w.field("long_run_fraction", long_run_fraction(f.zeros));
  w.end_object();
  if (f.channels) {
    w.begin_object("channels", json::Layout::one_line);
    w.field("layout", f.channels->layout);
    w.field("channels", f.channels->channels);
    w.field("zero_channels", f.channels->zero_channels);
    w.field("maps", f.channels->maps);
    w.field("zero_maps", f.channels->zero_maps);
    w.end_object();
  } else {
    w.null_field("channels");
  }
  const auto entropy = f.exponent_entropy();
  if (entropy) w.field("exponent_entropy_bits", *entropy);
  else w.null_field("exponent_entropy_bits");
  w.begin_array("methods", json::Layout::one_line);
  for (size_t m = 0; m < plan.methods.size(); ++m) {
    w.begin_object({}, json::Layout::one_line);
    w.field("method", plan.methods[m].label);
    const auto r = f.ratio(m);
    if (r) {
      w.field("compressed_bytes", f.compressed[m]);
      w.field("ratio", *r);
    } else {
      w.null_field("compressed_bytes");
      w.null_field("ratio");
    }
    w.end_object();
  }
  w.end_array();
  const auto best = f.best();
  if (best) {
    w.field("best", plan.methods[*best].label);
    w.field("best_ratio", *f.ratio(*best));
  } else {
    w.null_field("best");
    w.null_field("best_ratio");
  }
  w.end_object();
}

void write_list(JsonWriter& w, std::string_view key, const std::vector<Figures>& list,
                const RatioPlan& plan, const char* kind) {
  w.begin_array(key, json::Layout::rows);
  for (const Figures& f : list) write_figures(w, {}, f, plan, kind);
  w.end_array();
}

}  // namespace

std::string format_json(const Report& r) {
  const RatioPlan& plan = *r.plan;
  std::string out;
  JsonWriter w(out, kStyle);
  w.begin_object({}, json::Layout::one_line);
  w.begin_array("methods", json::Layout::one_line);
  for (const Method& method : plan.methods) {
    w.begin_object({}, json::Layout::one_line);
    w.field("label", method.label);
    w.field("family", method.family == Family::cdma ? "cdma" : "library");
    w.field("codec", method.codec);
    w.field("level", method.level);
    w.end_object();
  }
  w.end_array();
  w.begin_array("not_measured", json::Layout::one_line);
  for (const std::string& name : plan.skipped) w.field({}, name);
  w.end_array();
  write_list(w, "tensors", r.tensors, plan, "tensor");
  write_list(w, "directories", r.directories, plan, "directory");
  write_figures(w, "total", r.total, plan, "total");
  w.end_object();
  w.finish();
  return out;
}

}  // namespace cdma::analyze

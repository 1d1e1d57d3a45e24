// CSV rendering (RFC 4180 quoting, LF line ends): one row per tensor, directory pool and total.
#include "analyze/columns.hpp"
#include "analyze/format.hpp"
#include "text/number_text.hpp"

namespace cdma::analyze {
namespace {

// Quotes a field only when it needs it (a comma, quote or line break).
std::string field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

void row(std::string& out, const std::vector<std::string>& cells) {
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i) out += ',';
    out += field(cells[i]);
  }
  out += '\n';  // LF: friendlier to cut/awk than RFC 4180's CRLF, and every CSV reader takes it
}

std::string opt(const std::optional<double>& v) { return v ? text::general(*v, 10) : ""; }

void figures_row(std::string& out, const Figures& f, const RatioPlan& plan, const char* kind) {
  const ZeroStats& z = f.zeros;
  const auto& ch = f.channels;
  std::vector<std::string> cells{kind,
                                 f.name,
                                 f.dtype,
                                 f.descr,
                                 f.shape,
                                 std::to_string(f.tensors),
                                 std::to_string(z.elements),
                                 std::to_string(f.bytes),
                                 std::to_string(z.nonzero),
                                 text::general(density(z), 10),
                                 std::to_string(z.zero_runs),
                                 text::general(mean_zero_run(z), 10),
                                 std::to_string(z.long_run_zeros),
                                 text::general(long_run_fraction(z), 10),
                                 std::to_string(z.longest_run),
                                 ch ? ch->layout : "",
                                 ch ? std::to_string(ch->channels) : "",
                                 ch ? std::to_string(ch->zero_channels) : "",
                                 ch ? std::to_string(ch->maps) : "",
                                 ch ? std::to_string(ch->zero_maps) : "",
                                 opt(f.exponent_entropy())};
  for (size_t m = 0; m < plan.methods.size(); ++m) cells.push_back(opt(f.ratio(m)));
  const auto best = f.best();
  cells.push_back(best ? plan.methods[*best].label : "");
  cells.push_back(best ? opt(f.ratio(*best)) : "");
  row(out, cells);
}

}  // namespace

std::string format_csv(const Report& r) {
  const RatioPlan& plan = *r.plan;
  std::vector<std::string> head{
      "kind",          "name",          "dtype",         "descr",     "shape",
      "tensors",       "elements",      "bytes",         "nonzero",   "density",
      "zero_runs",     "mean_zero_run", "long_run_zeros", "long_run_fraction",
      "longest_zero_run", "layout",     "channels",      "zero_channels", "maps",
      "zero_maps",     "exponent_entropy_bits"};
  for (const Method& m : plan.methods) head.push_back("ratio " + m.label);
  head.push_back("best");
  head.push_back("best_ratio");
  std::string out;
  row(out, head);
  for (const Figures& f : r.tensors) figures_row(out, f, plan, "tensor");
  for (const Figures& f : r.directories) figures_row(out, f, plan, "directory");
  figures_row(out, r.total, plan, "total");
  return out;
}

}  // namespace cdma::analyze

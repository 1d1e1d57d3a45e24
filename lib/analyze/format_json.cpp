// JSON rendering: every figure with the exact counts behind it, so that a
// script can re-derive or re-pool anything.
#include <cmath>
#include <cstdio>
#include <string_view>

#include "analyze/columns.hpp"
#include "analyze/format.hpp"

namespace cdma::analyze {
namespace {

std::string quote(const std::string& s) {
  std::string out = "\"";
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += ch;  // paths are passed through as bytes (UTF-8 on any sane system)
    }
  }
  return out + "\"";
}

// 17 significant digits: a double survives the trip through text exactly,
// so scripts can compare figures with ==.
std::string number(double v) { return std::isfinite(v) ? general(v, 17) : "null"; }

class Object {
 public:
  explicit Object(std::string& out) : out_(out) { out_ += '{'; }
  ~Object() { out_ += '}'; }
  Object(const Object&) = delete;
  Object& operator=(const Object&) = delete;
  std::string& key(const std::string& k) {
    if (!first_) out_ += ',';
    first_ = false;
    out_ += quote(k) + ':';
    return out_;
  }
  void put(const std::string& k, const std::string& raw_json) { key(k) += raw_json; }

 private:
  std::string& out_;
  bool first_ = true;
};

void write_figures(std::string& out, const Figures& f, const RatioPlan& plan, const char* kind) {
  Object o(out);
  o.put("kind", quote(kind));
  o.put("name", quote(f.name));
  o.put("dtype", quote(f.dtype));
  if (std::string_view(kind) == "tensor") {
    o.put("descr", quote(f.descr));
    o.put("shape", f.shape.empty() ? "null" : quote(f.shape));
  }
  o.put("tensors", std::to_string(f.tensors));
  o.put("elements", std::to_string(f.zeros.elements));
  o.put("bytes", std::to_string(f.bytes));
  o.put("nonzero", std::to_string(f.zeros.nonzero));
  o.put("density", number(density(f.zeros)));
  {
    Object runs(o.key("zero_runs"));
    runs.put("count", std::to_string(f.zeros.zero_runs));
    runs.put("mean", number(mean_zero_run(f.zeros)));
    runs.put("longest", std::to_string(f.zeros.longest_run));
    runs.put("long_run_min", std::to_string(kLongRun));
    runs.put("long_run_zeros", std::to_string(f.zeros.long_run_zeros));
    runs.put("long_run_fraction", number(long_run_fraction(f.zeros)));
  }
  if (f.channels) {
    Object ch(o.key("channels"));
    ch.put("layout", quote(f.channels->layout));
    ch.put("channels", std::to_string(f.channels->channels));
    ch.put("zero_channels", std::to_string(f.channels->zero_channels));
    ch.put("maps", std::to_string(f.channels->maps));
    ch.put("zero_maps", std::to_string(f.channels->zero_maps));
  } else {
    o.put("channels", "null");
  }
  const auto entropy = f.exponent_entropy();
  o.put("exponent_entropy_bits", entropy ? number(*entropy) : "null");
  {
    std::string& arr = o.key("methods");
    arr += '[';
    for (size_t m = 0; m < plan.methods.size(); ++m) {
      if (m) arr += ',';
      Object mo(arr);
      mo.put("method", quote(plan.methods[m].label));
      const auto r = f.ratio(m);
      mo.put("compressed_bytes", r ? std::to_string(f.compressed[m]) : "null");
      mo.put("ratio", r ? number(*r) : "null");
    }
    arr += ']';
  }
  const auto best = f.best();
  o.put("best", best ? quote(plan.methods[*best].label) : "null");
  o.put("best_ratio", best ? number(*f.ratio(*best)) : "null");
}

void write_list(std::string& out, const std::vector<Figures>& list, const RatioPlan& plan,
                const char* kind) {
  out += '[';
  for (size_t i = 0; i < list.size(); ++i) {
    if (i) out += ',';
    out += "\n  ";
    write_figures(out, list[i], plan, kind);
  }
  out += ']';
}

}  // namespace

std::string format_json(const Report& r) {
  const RatioPlan& plan = *r.plan;
  std::string out;
  {
    Object top(out);
    {
      std::string& arr = top.key("methods");
      arr += '[';
      for (size_t m = 0; m < plan.methods.size(); ++m) {
        const Method& method = plan.methods[m];
        if (m) arr += ',';
        Object mo(arr);
        mo.put("label", quote(method.label));
        mo.put("family", quote(method.family == Family::cdma ? "cdma" : "library"));
        mo.put("codec", quote(method.codec));
        mo.put("level", std::to_string(method.level));
      }
      arr += ']';
    }
    {
      std::string& arr = top.key("not_measured");
      arr += '[';
      for (size_t i = 0; i < plan.skipped.size(); ++i) {
        if (i) arr += ',';
        arr += quote(plan.skipped[i]);
      }
      arr += ']';
    }
    write_list(top.key("tensors"), r.tensors, plan, "tensor");
    write_list(top.key("directories"), r.directories, plan, "directory");
    write_figures(top.key("total"), r.total, plan, "total");
  }
  return out + '\n';
}

}  // namespace cdma::analyze

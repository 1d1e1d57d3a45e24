#include "benchkit/format.hpp"

#include <cstdio>

namespace cdma::benchkit {
namespace {

double rel(double v, double ref) { return ref > 0 ? v / ref : 0; }

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\u%04x", c);
      out += hex;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string sci(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.6g", v);
  return b;
}

}  // namespace

std::string fixed(double v, int digits) {
  char b[64];
  std::snprintf(b, sizeof b, "%.*f", digits, v);
  return b;
}

std::string format_table(const Run& run) {
  const Result* ref = run.memcpy_result();
  char line[256];
  std::snprintf(line, sizeof line,
                "%zu files, %.1f MB; median of %u rounds; %u thread%s; SIMD target %s\n", run.files,
                double(run.bytes) / 1e6, run.rounds, run.threads, run.threads == 1 ? "" : "s",
                run.simd_target.c_str());
  std::string out = line;
  std::snprintf(line, sizeof line, "%-14s %8s %10s %10s %9s %9s\n", "method", "ratio", "comp GB/s",
                "dec GB/s", "comp/mcpy", "dec/mcpy");
  out += line;
  for (const Result& r : run.results) {
    std::snprintf(line, sizeof line, "%-14s %8.3f %10.3f %10.3f %9.3f %9.3f\n", r.name.c_str(),
                  r.ratio(), r.compress_gbps(), r.decompress_gbps(),
                  rel(r.compress_gbps(), ref ? ref->compress_gbps() : 0),
                  rel(r.decompress_gbps(), ref ? ref->decompress_gbps() : 0));
    out += line;
  }
  return out;
}

std::string format_csv(const Run& run) {
  const Result* ref = run.memcpy_result();
  std::string out =
      "method,family,bytes,compressed_bytes,ratio,compress_s,decompress_s,compress_gbps,"
      "decompress_gbps,compress_vs_memcpy,decompress_vs_memcpy\n";
  for (const Result& r : run.results)
    out += r.name + "," + r.family + "," + std::to_string(r.in_bytes) + "," +
           std::to_string(r.out_bytes) + "," + fixed(r.ratio(), 4) + "," + sci(r.compress_s) +
           "," + sci(r.decompress_s) + "," + fixed(r.compress_gbps(), 4) + "," +
           fixed(r.decompress_gbps(), 4) + "," +
           fixed(rel(r.compress_gbps(), ref ? ref->compress_gbps() : 0), 4) + "," +
           fixed(rel(r.decompress_gbps(), ref ? ref->decompress_gbps() : 0), 4) + "\n";
  return out;
}

std::string format_json(const Run& run) {
  const Result* ref = run.memcpy_result();
  std::string out = "{\n  \"files\": " + std::to_string(run.files) +
                    ",\n  \"bytes\": " + std::to_string(run.bytes) +
                    ",\n  \"rounds\": " + std::to_string(run.rounds) +
                    ",\n  \"threads\": " + std::to_string(run.threads) +
                    ",\n  \"simd_target\": " + json_string(run.simd_target) +
                    ",\n  \"methods\": [";
  for (size_t i = 0; i < run.results.size(); ++i) {
    const Result& r = run.results[i];
    out += std::string(i ? "," : "") + "\n    {\"method\": " + json_string(r.name) +
           ", \"family\": " + json_string(r.family) +
           ", \"compressed_bytes\": " + std::to_string(r.out_bytes) +
           ", \"ratio\": " + fixed(r.ratio(), 4) + ", \"compress_s\": " + sci(r.compress_s) +
           ", \"decompress_s\": " + sci(r.decompress_s) +
           ", \"compress_gbps\": " + fixed(r.compress_gbps(), 4) +
           ", \"decompress_gbps\": " + fixed(r.decompress_gbps(), 4) +
           ", \"compress_vs_memcpy\": " +
           fixed(rel(r.compress_gbps(), ref ? ref->compress_gbps() : 0), 4) +
           ", \"decompress_vs_memcpy\": " +
           fixed(rel(r.decompress_gbps(), ref ? ref->decompress_gbps() : 0), 4) + "}";
  }
  return out + "\n  ]\n}\n";
}

}  // namespace cdma::benchkit

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

// A ratio or a speed that nothing measured (an empty tensor has neither:
// 0 bytes in, no time) is 0 in Result; printed as a figure it would read
// as "infinitely bad". The table shows "-", CSV an empty cell, JSON null.
bool measured(double v) { return v > 0; }

std::string table_cell(double v, int width) {
  char b[64];
  if (measured(v)) std::snprintf(b, sizeof b, " %*.3f", width, v);
  else std::snprintf(b, sizeof b, " %*s", width, "-");
  return b;
}

// fixed(), or `none` for a figure nothing measured.
std::string figure(double v, const char* none) { return measured(v) ? fixed(v, 4) : none; }

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
    std::snprintf(line, sizeof line, "%-14s", r.name.c_str());
    out += line + table_cell(r.ratio(), 8) + table_cell(r.compress_gbps(), 10) +
           table_cell(r.decompress_gbps(), 10) +
           table_cell(rel(r.compress_gbps(), ref ? ref->compress_gbps() : 0), 9) +
           table_cell(rel(r.decompress_gbps(), ref ? ref->decompress_gbps() : 0), 9) + "\n";
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
           std::to_string(r.out_bytes) + "," + figure(r.ratio(), "") + "," + sci(r.compress_s) +
           "," + sci(r.decompress_s) + "," + figure(r.compress_gbps(), "") + "," +
           figure(r.decompress_gbps(), "") + "," +
           figure(rel(r.compress_gbps(), ref ? ref->compress_gbps() : 0), "") + "," +
           figure(rel(r.decompress_gbps(), ref ? ref->decompress_gbps() : 0), "") + "\n";
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
           ", \"ratio\": " + figure(r.ratio(), "null") + ", \"compress_s\": " + sci(r.compress_s) +
           ", \"decompress_s\": " + sci(r.decompress_s) +
           ", \"compress_gbps\": " + figure(r.compress_gbps(), "null") +
           ", \"decompress_gbps\": " + figure(r.decompress_gbps(), "null") +
           ", \"compress_vs_memcpy\": " +
           figure(rel(r.compress_gbps(), ref ? ref->compress_gbps() : 0), "null") +
           ", \"decompress_vs_memcpy\": " +
           figure(rel(r.decompress_gbps(), ref ? ref->decompress_gbps() : 0), "null") + "}";
  }
  return out + "\n  ]\n}\n";
}

}  // namespace cdma::benchkit

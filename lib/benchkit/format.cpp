#include "benchkit/format.hpp"

#include <cstdio>

#include "json/json_writer.hpp"
#include "text/number_text.hpp"

namespace cdma::benchkit {
namespace {

double rel(double v, double ref) { return ref > 0 ? v / ref : 0; }

// Seconds with 6 significant digits ("0.0123457", "1.5e-05").
std::string seconds(double v) { return text::general(v, 6); }

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

// text::fixed(), or `none` for a figure nothing measured.
std::string figure(double v, const char* none) { return measured(v) ? text::fixed(v, 4) : none; }

}  // namespace

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
           std::to_string(r.out_bytes) + "," + figure(r.ratio(), "") + "," + seconds(r.compress_s) +
           "," + seconds(r.decompress_s) + "," + figure(r.compress_gbps(), "") + "," +
           figure(r.decompress_gbps(), "") + "," +
           figure(rel(r.compress_gbps(), ref ? ref->compress_gbps() : 0), "") + "," +
           figure(rel(r.decompress_gbps(), ref ? ref->decompress_gbps() : 0), "") + "\n";
  return out;
}

std::string format_json(const Run& run) {
  const Result* ref = run.memcpy_result();
  std::string out;
  json::JsonWriter w(out);
  w.begin_object();
  w.field("files", run.files);
  w.field("bytes", run.bytes);
  w.field("rounds", run.rounds);
  w.field("threads", run.threads);
  w.field("simd_target", run.simd_target);
  w.begin_array("methods");
  for (const Result& r : run.results) {
    // One method a line: a script reads the file, a person scans the lines.
    w.begin_object({}, json::Layout::one_line);
    w.field("method", r.name);
    w.field("family", r.family);
    w.field("compressed_bytes", r.out_bytes);
    w.raw("ratio", figure(r.ratio(), "null"));
    w.raw("compress_s", seconds(r.compress_s));
    w.raw("decompress_s", seconds(r.decompress_s));
    w.raw("compress_gbps", figure(r.compress_gbps(), "null"));
    w.raw("decompress_gbps", figure(r.decompress_gbps(), "null"));
    w.raw("compress_vs_memcpy", figure(rel(r.compress_gbps(), ref ? ref->compress_gbps() : 0), "null"));
    w.raw("decompress_vs_memcpy",
          figure(rel(r.decompress_gbps(), ref ? ref->decompress_gbps() : 0), "null"));
    w.end_object();
  }
  w.end_array();
  w.end_object();
  w.finish();
  return out;
}

}  // namespace cdma::benchkit

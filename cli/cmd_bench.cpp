// `cdma bench PATH...`: ratio and speed of cdma beside lz4, zstd, zlib and
// memcpy on the user's own tensors. The measuring is lib/benchkit's; this
// file loads the files (once, through the analyzer's walk and tensor
// reader, so it accepts what `cdma analyze` accepts) and writes the output.
#include "cmd_bench.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include <unistd.h>

#include "analyze/tensor.hpp"
#include "analyze/walk.hpp"
#include "benchkit/format.hpp"
#include "benchkit/method_list.hpp"
#include "benchkit/plot.hpp"
#include "benchkit/runner.hpp"
#include "cmd_analyze.hpp"
#include "container_jobs.hpp"
#include "display.hpp"
#include "failure.hpp"
#include "int_range.hpp"
#include "report_output.hpp"
#include "tensorio/dtype.hpp"

namespace cdma::cli {
namespace {

namespace bk = cdma::benchkit;
namespace an = cdma::analyze;

// Below this, a run takes microseconds and the timer's resolution, cache
// warm-up and a single scheduler tick decide the result.
constexpr uint64_t kMinBytes = 1u << 20;

struct BenchArgs {
  std::vector<std::string> paths;
  std::vector<std::string> codecs;
  unsigned threads = 1;
  unsigned rounds = 5;
  ReportFlags out;
  std::string dtype;
  bool quiet = false;
};

BenchArgs g_args;

// The tensors under the paths. A path or file that cannot be read is
// reported and skipped, as `cdma analyze` does, and its exit code kept in
// `status` (the first failure's).
std::vector<bk::Sample> load_samples(const BenchArgs& a, int& status) {
  const auto note = [&status](int code) {
    if (status == kExitOk) status = code;
  };
  std::vector<bk::Sample> samples;
  for (const an::Job& job : tensor_jobs(a.paths, !a.dtype.empty(), a.out.plot, a.out.force, note)) {
    try {
      const std::vector<uint8_t> bytes = load_job(job);
      const an::Tensor t = an::open_tensor(job.path, bytes, an::hints_for(job, {a.dtype, ""}));
      bk::Sample s{job.path, job.directory, bk::AlignedBuffer(t.data.size()), t.zvc_width};
      if (!t.data.empty()) std::memcpy(s.bytes.data(), t.data.data(), t.data.size());
      samples.push_back(std::move(s));
    } catch (...) {
      note(report_tensor_failure(job.path, std::current_exception()));
    }
  }
  return samples;
}

int bench(const BenchArgs& a) {
  std::vector<bk::Method> methods;
  try {
    methods = bk::methods_from_names(a.codecs);
  } catch (const bk::MethodError& e) {
    throw CliError(kExitUsage, std::string("--codecs: ") + e.what());
  }
  int status = kExitOk;
  const std::vector<bk::Sample> samples = load_samples(a, status);
  if (samples.empty()) {
    // Each input has already said why it gave nothing; say it once more
    // only if none did.
    if (status == kExitOk) print_error("", "no tensors to time");
    return status == kExitOk ? kExitUsage : status;
  }
  uint64_t bytes = 0;
  for (const auto& s : samples) bytes += s.bytes.size();
  if (bytes < kMinBytes && !a.out.force)
    throw CliError(kExitUsage, "only " + std::to_string(bytes) +
                                   " bytes of tensor data: timings under 1 MiB mean little "
                                   "(--force to measure anyway)");
  // A progress line only for a person watching: logs get the result alone.
  const bool show = !a.quiet && isatty(STDERR_FILENO);
  const auto progress = [show](unsigned done, unsigned all) {
    if (show) std::fprintf(stderr, "\rcdma bench: round %u/%u%s", done, all, done == all ? "\n" : "");
  };
  bk::Run run;
  try {
    run = bk::run_bench(samples, methods, {a.rounds, a.threads}, progress);
  } catch (const bk::BenchError& e) {
    throw CliError(kExitData, e.what());
  }
  const auto chart = [&] {
    std::string title;
    for (const auto& p : a.paths) title += (title.empty() ? "" : " ") + p;
    return bk::plot_svg(run, title);
  };
  write_report(a.out, {[&] { return bk::format_json(run); }, [&] { return bk::format_csv(run); },
                       [&] { return bk::format_table(run); }, chart});
  return status;
}

}  // namespace

CLI::App* add_bench_command(CLI::App& app) {
  BenchArgs& a = g_args;
  auto* sub = app.add_subcommand(
      "bench", "Time cdma against lz4, zstd, zlib and memcpy on tensor files (ratio, GB/s)");
  add_tensor_paths(*sub, a.paths);
  sub->add_option("--codecs", a.codecs,
                  std::string("Methods to time (memcpy always is): cdma-L, cdma-CODEC[-L], zvc, "
                              "zrle, split[-L], lz4, lz4hc[-L], zstd-L, zlib[-L]; default ") +
                      bk::kDefaultMethods)
      ->delimiter(',')
      ->allow_extra_args(false)  // one LIST per --codecs: PATHs after it stay paths
      ->type_name("LIST");
  sub->add_option("-T,--threads", a.threads,
                  "Files coded in parallel, the same for every method (default 1)")
      ->check(int_range(1, 256));
  sub->add_option("--rounds", a.rounds, "Rounds over every method; the median is reported (default 5)")
      ->check(int_range(1, 1000));
  add_report_flags(*sub, a.out, "Also write an SVG chart of ratio against GB/s");
  std::vector<std::string> dtypes;
  for (const auto& d : tensorio::dtype_table()) dtypes.emplace_back(d.name);
  sub->add_option("--dtype", a.dtype, "Element type of raw files (then *.bin files are read too)")
      ->check(CLI::IsMember(dtypes))
      ->type_name("DTYPE");
  sub->add_flag("-f,--force", a.out.force,
                "Measure inputs under 1 MiB in total, and overwrite an existing --plot file");
  sub->add_flag("-q,--quiet", a.quiet, "No progress on stderr");
  return sub;
}

int run_bench() {
  BenchArgs& a = g_args;
  if (a.codecs.empty()) {
    std::string list = bk::kDefaultMethods;
    for (size_t start = 0; start <= list.size();) {
      const size_t comma = std::min(list.find(',', start), list.size());
      a.codecs.push_back(list.substr(start, comma - start));
      start = comma + 1;
    }
  }
  return run_reporting("", [&a] { return bench(a); });
}

}  // namespace cdma::cli

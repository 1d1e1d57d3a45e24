// `cdma analyze PATH...`: what each tensor looks like and how well every
// codec compresses it. The work is lib/analyze's; this file turns the
// command line into its inputs, reports failures the CLI way and writes the
// output.
#include "cmd_analyze.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <new>
#include <thread>

#include "analyze/analyze.hpp"
#include "analyze/format.hpp"
#include "analyze/plot.hpp"
#include "analyze/report.hpp"
#include "analyze/walk.hpp"
#include "cdma/cdma.h"
#include "codec_names.hpp"
#include "container_jobs.hpp"
#include "display.hpp"
#include "failure.hpp"
#include "fileio.hpp"
#include "int_range.hpp"
#include "report_output.hpp"
#include "tensorio/dtype.hpp"

namespace cdma::cli {
namespace {

namespace an = cdma::analyze;

struct AnalyzeArgs {
  std::vector<std::string> paths;
  ReportFlags out;
  unsigned threads = 0;  // 0: one per hardware thread
  bool fast = false;
  std::vector<int> levels;
  std::string layout = "auto";
  std::string dtype;
  std::string shape;
  bool quiet = false;
};

AnalyzeArgs g_args;

// The codecs measured, by the names --codec takes. The id comes from the
// CLI's table when it knows the name, else from cdma.h, so that a codec the
// library registers is measured even before the CLI learns its name; the
// library itself then says which exist (plan_ratios skips the others).
std::vector<an::CodecSpec> codec_specs() {
  const std::pair<const char*, cdma_codec> known[] = {
      {"zvc", CDMA_CODEC_ZVC},   {"zrle", CDMA_CODEC_ZRLE}, {"split", CDMA_CODEC_SPLIT},
      {"zstd", CDMA_CODEC_ZSTD}, {"lz4", CDMA_CODEC_LZ4},   {"auto", CDMA_CODEC_AUTO}};
  std::vector<an::CodecSpec> specs;
  for (const auto& [name, id] : known)
    specs.push_back({name, static_cast<int>(codec_from_name(name).value_or(id))});
  return specs;
}

std::vector<int> levels_to_measure(const AnalyzeArgs& a) {
  if (!a.levels.empty()) {
    std::vector<int> levels = a.levels;  // "9,1,1" measures 1 and 9 once each
    std::sort(levels.begin(), levels.end());
    levels.erase(std::unique(levels.begin(), levels.end()), levels.end());
    return levels;
  }
  if (a.fast) return {1, 3, 9};
  const cdma_bounds b = cdma_param_get_bounds(CDMA_P_LEVEL);
  std::vector<int> all;
  for (int64_t l = b.lower; l <= b.upper; ++l) all.push_back(static_cast<int>(l));
  return all;
}

}  // namespace

void refuse_plot_target(const std::string& plot, bool force, const std::vector<analyze::Job>& inputs) {
  // The real reason first: an input cannot be its plot, with or without -f.
  for (const analyze::Job& job : inputs) refuse_same_file(job.path, plot);
  refuse_existing(plot, force);
}

std::vector<analyze::Job> tensor_jobs(const std::vector<std::string>& paths, bool include_raw,
                                      const std::string& plot, bool force,
                                      const std::function<void(int)>& note) {
  const an::Walk walk = an::collect_jobs(paths, include_raw);
  if (!plot.empty()) refuse_plot_target(plot, force, walk.jobs);
  for (const an::WalkError& e : walk.errors) {
    print_error(e.path, e.message);
    note(e.usage ? kExitUsage : kExitIo);
  }
  ContainerJobs expanded = expand_containers(walk.jobs);
  for (const ContainerIssue& issue : expanded.issues) {
    print_error(display_name(issue.path), issue.message);
    if (issue.exit_code != kExitOk) note(issue.exit_code);
  }
  return std::move(expanded.jobs);
}

int report_tensor_failure(const std::string& path, const std::exception_ptr& failure) {
  try {
    std::rethrow_exception(failure);
  } catch (const CliError& e) {
    print_error(path, e.what());
    return e.exit_code();
  } catch (const an::InputError& e) {
    print_error(path, e.what());
    return e.usage() ? kExitUsage : kExitData;
  } catch (const std::bad_alloc&) {
    print_error(path, "out of memory");
    return kExitIo;
  } catch (const std::exception& e) {
    print_error(path, e.what());
    return kExitData;
  }
}

namespace {

int analyze(const AnalyzeArgs& a) {
  const auto layout = an::layout_from_name(a.layout);
  if (!layout) throw CliError(kExitUsage, "unknown --layout " + a.layout);
  const an::AnalyzeOptions options{{a.dtype, a.shape}, *layout};
  const an::RatioPlan plan = an::plan_ratios(codec_specs(), levels_to_measure(a), !a.fast);
  const unsigned threads = a.threads ? a.threads : std::max(1u, std::thread::hardware_concurrency());

  int status = kExitOk;
  const auto note = [&status](int code) {
    if (status == kExitOk) status = code;
  };
  const std::vector<an::Job> jobs = tensor_jobs(a.paths, !a.dtype.empty(), a.out.plot, a.out.force, note);
  const auto start = std::chrono::steady_clock::now();
  const auto outcomes = an::run_jobs(jobs, load_job, options, plan, threads);
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  for (size_t i = 0; i < outcomes.size(); ++i)
    if (outcomes[i].failure) note(report_tensor_failure(jobs[i].path, outcomes[i].failure));

  const an::Report report = an::build_report(jobs, outcomes, plan);
  if (report.tensors.empty()) {
    // Each input has already said why it gave nothing; say it once more
    // only if none did.
    if (status == kExitOk) print_error("", "no tensors analysed");
    note(kExitUsage);
    return status;
  }
  write_report(a.out, {[&] { return an::format_json(report); }, [&] { return an::format_csv(report); },
                       [&] { return an::format_table(report); }, [&] { return an::plot_svg(report); }});
  if (!a.quiet)
    std::fprintf(stderr,
                 "cdma: analysed %zu tensors, %.1f MB, %zu methods each, in %.2f s on %u threads\n",
                 report.tensors.size(), double(report.total.bytes) / 1e6, plan.methods.size(),
                 took.count(), threads);
  return status;
}

}  // namespace

CLI::App* add_analyze_command(CLI::App& app) {
  AnalyzeArgs& a = g_args;
  auto* sub = app.add_subcommand(
      "analyze", "Report sparsity and the measured ratio of every codec for tensor files");
  add_tensor_paths(*sub, a.paths);
  add_report_flags(*sub, a.out, "Also write an SVG plot of density and ratio per layer");
  sub->add_flag("-f,--force", a.out.force, "Overwrite an existing --plot file");
  sub->add_option("-T,--threads", a.threads, "Threads, one file per task (default: all cores)")
      ->check(int_range(0, 1024));
  sub->add_flag("--fast", a.fast, "Skip libzstd -19 and measure cdma levels 1, 3, 9 only");
  const cdma_bounds level = cdma_param_get_bounds(CDMA_P_LEVEL);
  sub->add_option("--levels", a.levels, "cdma levels to measure, e.g. 1,3,9 (default: all)")
      ->delimiter(',')
      ->check(int_range(level.lower, level.upper))
      ->type_name("LIST");
  sub->add_option("--layout", a.layout,
                  "Axes of 4-d tensors for all-zero channels: auto (NHWC when the middle two "
                  "dims are equal and the last differs, else NCHW), nchw, nhwc")
      ->check(CLI::IsMember({"auto", "nchw", "nhwc"}));
  std::vector<std::string> dtypes;
  for (const auto& d : tensorio::dtype_table()) dtypes.emplace_back(d.name);
  sub->add_option("--dtype", a.dtype,
                  "Element type of raw files (then *.bin files in directories are read too); "
                  "for .npy, names what a header cannot (bf16 for '<V2'; others keep theirs)")
      ->check(CLI::IsMember(dtypes))
      ->type_name("DTYPE");
  sub->add_option("--shape", a.shape, "Shape of raw files, e.g. 8,16,32,32")->type_name("DIMS");
  sub->add_flag("-q,--quiet", a.quiet, "Do not print the timing line on stderr");
  return sub;
}

int run_analyze() {
  return run_reporting("", [] { return analyze(g_args); });
}

}  // namespace cdma::cli

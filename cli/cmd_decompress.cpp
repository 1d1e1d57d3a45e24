// `cdma decompress FILE.cdma...`: restores FILE (or -o OUT, or stdout with
// -c; standard input goes to standard output), streaming: each frame's
// recorded file prefix, then its content as it is decoded. `--range` is
// cmd_range.cpp's.
#include <chrono>

#include "cdma/cdma.h"
#include "collisions.hpp"
#include "contexts.hpp"
#include "decode_stream.hpp"
#include "failure.hpp"
#include "file_job.hpp"
#include "input_stream.hpp"
#include "inputs.hpp"
#include "options.hpp"
#include "signals.hpp"
#include "terminal.hpp"
#include "verify.hpp"

namespace cdma::cli {
namespace {

constexpr std::string_view kSuffix = ".cdma";

std::string restored_name(const std::string& file) {
  if (!file.ends_with(kSuffix))
    throw CliError(kExitUsage, "name does not end in .cdma; pass -o OUT to name the output");
  // ".cdma" or "dir/.cdma": the suffix is all there is, no name is left.
  if (file.size() == kSuffix.size() || file.ends_with("/.cdma"))
    throw CliError(kExitUsage, "the name is only the .cdma suffix, which leaves no name for the "
                               "output; pass -o OUT to name it");
  return file.substr(0, file.size() - kSuffix.size());
}

void decompress_one(const Options& o, const Display& display, const std::string& file) {
  const std::string name = display_name(file);
  check_input(o, file);
  const Target target = target_for(o, file, restored_name);
  // Whether --rm applies stats the input: asked once for the checks.
  const bool will_remove = removes_input(o, file);
  check_target(o, file, target, will_remove);
  // From here a signal's message says whether --rm deleted the input yet.
  const PendingRemoval pending(will_remove ? file : std::string());
  const auto start = std::chrono::steady_clock::now();

  InputStream in(file);
  const DctxPtr dctx = make_dctx(o);
  const auto sink = open_target(o, target, output_metadata(in));
  Progress progress(progress_wanted(o), name);
  const DecodeTotals d = decode_stream(dctx.get(), o, in, *sink, progress);
  // Asked again after the work: an input gone or replaced meanwhile is left
  // alone, and its output kept.
  const bool removes = removes_input(o, file);
  if (removes) require_checksums(d.all_checksummed, target.path);
  sink->finish(removes ? CommitCheck([&](const std::string& written) {
    verify_restored(written, target.path, sink->written());
  })
                       : CommitCheck());
  progress.clear();
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  if (!target.to_stdout) display.detail(name, "wrote " + target.path);
  if (d.frames > 1) display.detail(name, std::to_string(d.frames) + " frames");
  if (removes) {
    remove_input(file, target.path);
    display.detail(name, "checksums verified, removed it");
  }
  display.summary(name, d.compressed, d.restored, d.restored, d.compressed, took.count());
}

}  // namespace

int run_decompress(const Options& o) {
  if (!o.range.empty() || !o.tensor.empty()) return run_range(o);
  const InputList inputs =
      expand_inputs(o.files, o.recursive, has_cdma_suffix, /*follow_links=*/o.force);
  if (const int refused = refuse_terminals(o, inputs.files, Direction::decompress)) return refused;
  if (const int clash = refuse_collisions(inputs.files, [&](const std::string& f) {
        return target_for(o, f, restored_name);
      }))
    return clash;
  const Display display(o.verbosity);
  return for_each_input(inputs, [&](const std::string& f) { decompress_one(o, display, f); });
}

}  // namespace cdma::cli

// `cdma compress FILE...`: each FILE becomes FILE.cdma (or -o OUT, or stdout
// with -c; standard input goes to standard output). The input streams
// through in chunks; a .npy header is read first and travels in the frame
// as the file prefix, so that decompression gives back the identical file.
// A safetensors or .npz file becomes one frame per tensor (container_plan).
#include <chrono>
#include <functional>

#include "cdma/cdma.h"
#include "collisions.hpp"
#include "container_plan.hpp"
#include "contexts.hpp"
#include "encode_stream.hpp"
#include "failure.hpp"
#include "file_job.hpp"
#include "input_stream.hpp"
#include "inputs.hpp"
#include "options.hpp"
#include "signals.hpp"
#include "temp_names.hpp"
#include "tensor_input.hpp"
#include "terminal.hpp"
#include "verify.hpp"

namespace cdma::cli {
namespace {

std::string compressed_name(const std::string& file) {
  if (file.ends_with(".cdma"))
    throw CliError(kExitUsage, "already has the .cdma suffix; pass -o OUT to compress it anyway");
  return file + ".cdma";
}

// Returns what writes the frames and gives the input bytes taken.
using Encoding = std::function<uint64_t(OutputSink&, Progress&)>;

Encoding plan_encoding(const Options& o, const Display& display, const std::string& name,
                       const std::string& file, InputStream& in) {
  if (auto plan = container_plan(file, in)) {
    display.detail(name, plan->description);
    return [&o, &in, p = std::make_shared<const ContainerPlan>(std::move(*plan))](
               OutputSink& sink, Progress& progress) { return encode_container(o, *p, in, sink, progress); };
  }
  in.fill(kNpyPeekSize);
  const TensorInput t = describe_input(file, in.available(), in.size(), o.dtype, o.shape);
  display.detail(name, t.description);
  const auto head = in.available();
  std::vector<uint8_t> prefix(head.begin(), head.begin() + t.prefix_size);
  in.consume(t.prefix_size);
  auto cctx = std::make_shared<CctxPtr>(make_cctx(o, t, prefix));
  return [&o, &in, t, cctx, size = prefix.size()](OutputSink& sink, Progress& progress) {
    return size + encode_stream(cctx->get(), o.memory_limit, in, t, sink, progress);
  };
}

void compress_one(const Options& o, const Display& display, const std::string& file) {
  const std::string name = display_name(file);
  check_input(o, file);
  const Target target = target_for(o, file, compressed_name);
  // Whether --rm applies stats the input: asked once for the checks.
  const bool will_remove = removes_input(o, file);
  check_target(o, file, target, will_remove);
  // From here a signal's message says whether --rm deleted the input yet.
  const PendingRemoval pending(will_remove ? file : std::string());
  const auto start = std::chrono::steady_clock::now();

  InputStream in(file);
  // Everything about the input is checked before the output exists, so
  // that a malformed input leaves none.
  const auto encode = plan_encoding(o, display, name, file, in);
  const auto sink = open_target(o, target, output_metadata(in));
  Progress progress(progress_wanted(o), name);
  const uint64_t original = encode(*sink, progress);
  // Asked again after the work: an input gone or replaced meanwhile is left
  // alone, and its output kept.
  const bool removes = removes_input(o, file);
  sink->finish(removes ? CommitCheck([&](const std::string& written) {
    verify_compressed(o, file, written, target.path);
  })
                       : CommitCheck());
  progress.clear();
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  if (!target.to_stdout) display.detail(name, "wrote " + target.path);
  if (removes) {
    remove_input(file, target.path);
    display.detail(name, "verified " + target.path + " against it, and removed it");
  }
  display.summary(name, original, sink->written(), original, sink->written(), took.count());
}

}  // namespace

int run_compress(const Options& o) {
  const InputList inputs = expand_inputs(o.files, o.recursive, [&](const std::string& path) {
    return !has_cdma_suffix(path) && !is_temp_file(path);
  }, /*follow_links=*/o.force);
  if (const int refused = refuse_terminals(o, inputs.files, Direction::compress)) return refused;
  if (const int clash = refuse_collisions(inputs.files, [&](const std::string& f) {
        return target_for(o, f, compressed_name);
      }))
    return clash;
  const Display display(o.verbosity);
  return for_each_input(inputs, [&](const std::string& f) { compress_one(o, display, f); });
}

}  // namespace cdma::cli

// `cdma compress FILE...`: each FILE becomes FILE.cdma (or -o OUT, or stdout
// with -c; standard input goes to standard output). The input streams
// through in chunks; a .npy header is read first and travels in the frame
// as the file prefix, so that decompression gives back the identical file.
#include <chrono>

#include "cdma/cdma.h"
#include "collisions.hpp"
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

void compress_one(const Options& o, const Display& display, const std::string& file) {
  const std::string name = display_name(file);
  check_input(o, file);
  const Target target = target_for(o, file, compressed_name);
  check_target(o, file, target);
  // From here a signal's message says whether --rm deleted the input yet.
  const PendingRemoval pending(removes_input(o, file) ? file : std::string());
  const auto start = std::chrono::steady_clock::now();

  InputStream in(file);
  in.fill(kNpyPeekSize);
  const TensorInput t = describe_input(file, in.available(), in.size(), o.dtype, o.shape);
  display.detail(name, t.description);
  const auto head = in.available();
  const std::vector<uint8_t> prefix(head.begin(), head.begin() + t.prefix_size);
  in.consume(t.prefix_size);
  const CctxPtr cctx = make_cctx(o, t, prefix);

  const auto sink = open_target(o, target, output_metadata(in));
  Progress progress(progress_wanted(o), name);
  const uint64_t content = encode_stream(cctx.get(), in, t, *sink, progress);
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
  const uint64_t original = prefix.size() + content;
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

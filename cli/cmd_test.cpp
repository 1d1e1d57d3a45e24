// `cdma test FILE.cdma...` (`cdma -t`): decodes everything, verifying the
// header, block and content checksums, and writes nothing.
#include <chrono>

#include "cdma/cdma.h"
#include "contexts.hpp"
#include "decode_stream.hpp"
#include "failure.hpp"
#include "input_stream.hpp"
#include "inputs.hpp"
#include "options.hpp"
#include "terminal.hpp"

namespace cdma::cli {
namespace {

void test_one(const Options& o, const Display& display, const std::string& file) {
  const std::string name = display_name(file);
  const auto start = std::chrono::steady_clock::now();
  InputStream in(file);
  const DctxPtr dctx = make_dctx(o);
  const auto sink = make_null_sink();
  Progress progress(progress_wanted(o), name);
  const DecodeTotals d = decode_stream(dctx.get(), o, in, *sink, progress);
  progress.clear();
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  std::string what = "OK, ";
  if (d.frames > 1) what += std::to_string(d.frames) + " frames, ";
  if (!d.all_checksummed) what += "no content checksum to verify, ";
  display.note(name, what + std::to_string(d.compressed) + " -> " + std::to_string(d.restored) +
                         " bytes (" + format_ratio(d.restored, d.compressed) + "), " +
                         format_rate(d.restored, took.count()));
}

}  // namespace

int run_test(const Options& o) {
  const InputList inputs = expand_inputs(o.files, o.recursive, has_cdma_suffix);
  if (const int refused = refuse_terminals(o, inputs.files, Direction::decompress)) return refused;
  const Display display(o.verbosity);
  return for_each_input(inputs, [&](const std::string& f) { test_one(o, display, f); });
}

}  // namespace cdma::cli

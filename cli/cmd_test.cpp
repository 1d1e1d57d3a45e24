// `cdma test FILE.cdma...` (`cdma -t`): decodes everything, verifying the
// header, content and seek-table block checksums, and writes nothing.
#include <chrono>

#include "cdma/cdma.h"
#include "contexts.hpp"
#include "decode_stream.hpp"
#include "frame_checks.hpp"
#include "frame_range.hpp"
#include "failure.hpp"
#include "input_stream.hpp"
#include "inputs.hpp"
#include "mapped_file.hpp"
#include "options.hpp"
#include "terminal.hpp"

namespace cdma::cli {
namespace {

// The block checksums of every seek table, which the streaming decoder
// does not read: each such frame is decoded again through the range
// decoder, which checks them. `contents` are the frames' content sizes, as
// decoding found them (a streamed frame may not record its own).
void verify_seek_tables(const Options& o, const std::string& file,
                        const std::vector<uint64_t>& contents) {
  const MappedFile map(file);
  const auto bytes = map.bytes();
  const std::vector<FrameSpan> frames = walk_frames(bytes);
  const DctxPtr dctx = make_dctx(o);
  const auto sink = make_null_sink();
  std::vector<uint8_t> buf;
  for (size_t k = 0; k < frames.size() && k < contents.size(); ++k)
    if (has_seek_table(bytes, frames[k]))
      decode_frame_range(dctx.get(), bytes, frames[k], k, 0, contents[k], buf, *sink);
}

void test_one(const Options& o, const Display& display, const std::string& file) {
  const std::string name = display_name(file);
  const auto start = std::chrono::steady_clock::now();
  InputStream in(file);
  const DctxPtr dctx = make_dctx(o);
  const auto sink = make_null_sink();
  Progress progress(progress_wanted(o), name);
  const DecodeTotals d = decode_stream(dctx.get(), o, in, *sink, progress);
  progress.clear();
  // Standard input cannot be read twice; its seek tables go unchecked.
  if (!in.is_stdin()) verify_seek_tables(o, file, d.contents);
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

// `cdma decompress --range OFFSET:LENGTH FILE.cdma`: content bytes
// [OFFSET, OFFSET+LENGTH) through cdma_decompress_range, which decodes only
// the blocks the range touches. Offsets count content bytes: a .npy file's
// header (the frame's file prefix) is not part of them. Concatenated frames
// count as one content. With --tensor NAME (a compressed safetensors or .npz
// file), only that tensor's frame is read, and offsets count within it.
// The file is mapped; the output goes to standard output, or to -o OUT.
#include <algorithm>
#include <vector>

#include "cdma/cdma.h"
#include "container_find.hpp"
#include "contexts.hpp"
#include "failure.hpp"
#include "file_job.hpp"
#include "frame_checks.hpp"
#include "frame_range.hpp"
#include "mapped_file.hpp"
#include "options.hpp"
#include "size_arg.hpp"

namespace cdma::cli {
namespace {

void range_one(const Options& o, const Display& display, std::optional<ByteRange> whole_or,
               const std::string& file) {
  const Target target = o.output.empty() ? Target{true, ""} : Target{false, o.output};
  check_target(o, file, target, /*removes=*/false);  // --range refuses --rm
  const MappedFile map(file);
  const auto bytes = map.bytes();
  std::vector<FrameSpan> frames = walk_frames(bytes);
  if (!o.tensor.empty()) frames = {frames[find_tensor_frame(bytes, frames, o.tensor)]};
  uint64_t total = 0;
  for (size_t k = 0; k < frames.size(); ++k) {
    if (frames[k].info.content_size == CDMA_CONTENTSIZE_UNKNOWN)
      throw CliError(kExitData, "frame " + std::to_string(k + 1) +
                                    " does not record its content size, which --range needs");
    total += frames[k].info.content_size;
  }
  // No --range: all of it (the tensor's bytes).
  const ByteRange range = whole_or.value_or(ByteRange{0, total});
  const uint64_t end = range.offset + range.length;
  if (end > total)
    throw CliError(kExitUsage, "--range " + std::to_string(range.offset) + ":" +
                                   std::to_string(range.length) + " ends at byte " +
                                   std::to_string(end) + ", past the content's " +
                                   std::to_string(total) + " bytes");

  const DctxPtr dctx = make_dctx(o);
  const auto sink = open_target(o, target, OutputMetadata{default_output_mode(), std::nullopt});
  std::vector<uint8_t> buf;
  uint64_t frame_start = 0;
  for (size_t k = 0; k < frames.size() && frame_start < end; ++k) {
    const uint64_t frame_end = frame_start + frames[k].info.content_size;
    if (frame_end > range.offset)
      decode_frame_range(dctx.get(), bytes, frames[k], k, std::max(range.offset, frame_start) - frame_start,
                         std::min(end, frame_end) - frame_start, buf, *sink);
    frame_start = frame_end;
  }
  sink->finish();
  display.note(display_name(file), "content bytes " + std::to_string(range.offset) + ".." +
                                       std::to_string(end) + " (" + std::to_string(range.length) +
                                       ") -> " + (target.to_stdout ? "stdout" : target.path));
}

}  // namespace

int run_range(const Options& o) {
  std::string error;
  std::optional<ByteRange> range;
  if (!o.range.empty()) {
    range = parse_range(o.range, error);
    if (!range) {
      print_error("", "--range " + error);
      return kExitUsage;
    }
  }
  const char* flag = o.range.empty() ? "--tensor" : "--range";
  if (o.files.size() != 1 || o.recursive || o.remove_input || !o.output_dir.empty()) {
    print_error("", std::string(flag) + " reads one FILE.cdma (not standard input) and takes no "
                    "-r, --rm or --output-dir");
    return kExitUsage;
  }
  const Display display(o.verbosity);
  return for_each_file(o.files, [&](const std::string& f) { range_one(o, display, range, f); });
}

}  // namespace cdma::cli

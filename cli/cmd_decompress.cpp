// `cdma decompress FILE.cdma...`: restores FILE (or -o OUT, or stdout with
// -c) as the recorded file prefix followed by the decoded content.
#include <chrono>

#include "cdma/cdma.h"
#include "failure.hpp"
#include "fileio.hpp"
#include "frame_checks.hpp"
#include "options.hpp"

namespace cdma::cli {
namespace {

constexpr std::string_view kSuffix = ".cdma";

std::string output_path(const Options& o, const std::string& file) {
  if (!o.output.empty()) return o.output;
  if (!file.ends_with(kSuffix) || file.size() == kSuffix.size() || file.ends_with("/.cdma"))
    throw CliError(kExitUsage, "name does not end in .cdma; pass -o OUT to name the output");
  return file.substr(0, file.size() - kSuffix.size());
}

void decompress_one(const Options& o, const Display& display, const std::string& file) {
  std::string out;
  if (!o.to_stdout) {
    out = output_path(o, file);
    refuse_existing(out, o.force);
    refuse_same_file(file, out);
  }
  const InputFile in = read_file(file);
  const CheckedFrame frame = check_frame(in.bytes);
  check_content_fits(frame);
  const size_t prefix_size = frame.info.prefix_size;
  const size_t content_size = frame.info.content_size;

  // One buffer, prefix then content, so the file goes out in one write.
  std::vector<uint8_t> restored(prefix_size + content_size);
  check_lib(cdma_get_file_prefix(restored.data(), prefix_size, in.bytes.data(), in.bytes.size()),
            "cannot read the file prefix");
  const auto start = std::chrono::steady_clock::now();
  const size_t got = check_lib(cdma_decompress(restored.data() + prefix_size, content_size,
                                               in.bytes.data(), in.bytes.size()),
                               "cannot decompress");
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  if (got != content_size)
    throw CliError(kExitData, "frame decoded to " + std::to_string(got) +
                                  " bytes but its header says " + std::to_string(content_size));

  if (o.to_stdout) {
    write_stdout(restored);
  } else {
    write_file_atomic(out, restored, in.mode, o.force);
    display.detail(file, "wrote " + out);
  }
  display.summary(file, in.bytes.size(), restored.size(), restored.size(), in.bytes.size(),
                  took.count());
}

}  // namespace

int run_decompress(const Options& o) {
  const Display display(o.verbosity);
  return for_each_file(o.files, [&](const std::string& f) { decompress_one(o, display, f); });
}

}  // namespace cdma::cli

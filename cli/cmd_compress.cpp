// `cdma compress FILE...`: each FILE becomes FILE.cdma (or -o OUT, or stdout
// with -c). A .npy header travels in the frame as the file prefix, so that
// decompression gives back the identical file.
#include <unistd.h>

#include <chrono>
#include <memory>

#include "cdma/cdma.h"
#include "codec_names.hpp"
#include "failure.hpp"
#include "fileio.hpp"
#include "options.hpp"
#include "tensor_input.hpp"

namespace cdma::cli {
namespace {

using CctxPtr = std::unique_ptr<cdma_cctx, decltype(&cdma_cctx_free)>;

CctxPtr make_cctx(const Options& o, const TensorInput& t, std::span<const uint8_t> prefix) {
  CctxPtr cctx(cdma_cctx_create(), &cdma_cctx_free);
  if (!cctx) throw CliError(kExitIo, "out of memory");
  const auto codec = codec_from_name(o.codec);
  if (!codec) throw CliError(kExitUsage, "unknown --codec " + o.codec);
  check_lib(cdma_cctx_set_param(cctx.get(), CDMA_P_CODEC, *codec), "--codec");
  if (o.level) check_lib(cdma_cctx_set_param(cctx.get(), CDMA_P_LEVEL, o.level), "--level");
  if (o.block_log)
    check_lib(cdma_cctx_set_param(cctx.get(), CDMA_P_BLOCK_LOG, o.block_log), "--block-log");
  check_lib(cdma_cctx_set_param(cctx.get(), CDMA_P_ELEMENT_WIDTH, t.element_width),
            "element width");
  check_lib(cdma_cctx_set_tensor(cctx.get(), t.dtype.empty() ? nullptr : t.dtype.c_str(),
                                 t.has_shape, t.shape.data(), t.shape.size()),
            "tensor metadata");
  check_lib(cdma_cctx_set_file_prefix(cctx.get(), prefix.data(), prefix.size()), "file header");
  return cctx;
}

void compress_one(const Options& o, const Display& display, const std::string& file) {
  const std::string out = o.output.empty() ? file + ".cdma" : o.output;
  if (!o.to_stdout) {
    if (o.output.empty() && file.ends_with(".cdma"))
      throw CliError(kExitUsage, "already has the .cdma suffix; pass -o OUT to compress it anyway");
    refuse_existing(out, o.force);
    refuse_same_file(file, out);
  }
  const InputFile in = read_file(file);
  const TensorInput t = describe_input(file, in.bytes, o.dtype, o.shape);
  display.detail(file, t.description);

  const std::span<const uint8_t> all(in.bytes);
  const auto prefix = all.first(t.prefix_size);
  const auto content = all.subspan(t.prefix_size);
  const CctxPtr cctx = make_cctx(o, t, prefix);
  std::vector<uint8_t> frame(
      check_lib(cdma_cctx_compress_bound(cctx.get(), content.size()), "cannot size the output"));
  const auto start = std::chrono::steady_clock::now();
  const size_t size = check_lib(
      cdma_compress_cctx(cctx.get(), frame.data(), frame.size(), content.data(), content.size()),
      "compression failed");
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  frame.resize(size);

  if (o.to_stdout) {
    write_stdout(frame);
  } else {
    write_file_atomic(out, frame, in.mode, o.force);
    display.detail(file, "wrote " + out);
  }
  display.summary(file, in.bytes.size(), size, in.bytes.size(), size, took.count());
}

}  // namespace

int run_compress(const Options& o) {
  if (o.to_stdout && isatty(STDOUT_FILENO)) {
    print_error("", "refusing to write compressed data to a terminal; redirect stdout or drop -c");
    return kExitUsage;
  }
  const Display display(o.verbosity);
  return for_each_file(o.files, [&](const std::string& f) { compress_one(o, display, f); });
}

}  // namespace cdma::cli

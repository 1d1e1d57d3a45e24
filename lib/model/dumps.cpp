#include "model/dumps.hpp"

#include <algorithm>
#include <filesystem>
#include <memory>

#include "cdma/cdma.h"
#include "model/errors.hpp"
#include "model/input_file.hpp"
#include "model/limits.hpp"
#include "model/text.hpp"
#include "tensorio/dtype.hpp"
#include "tensorio/npy.hpp"

namespace cdma::model {
namespace fs = std::filesystem;
namespace {

// Compressed frame size of `data` with one codec; throws on a library error.
size_t frame_size(std::span<const uint8_t> data, unsigned width, const CodecChoice& codec,
                  const std::string& path) {
  std::unique_ptr<cdma_cctx, decltype(&cdma_cctx_free)> cctx(cdma_cctx_create(), cdma_cctx_free);
  if (!cctx) throw ModelError(ErrorKind::io, printable(path) + ": out of memory");
  auto check = [&](size_t r, const char* what) {
    if (cdma_is_error(r))
      throw ModelError(ErrorKind::data, printable(path) + ": " + what + " (codec " + codec.name +
                                            "): " + cdma_error_name(r));
    return r;
  };
  check(cdma_cctx_set_param(cctx.get(), CDMA_P_CODEC, codec.id), "codec");
  if (codec.level != 0) check(cdma_cctx_set_param(cctx.get(), CDMA_P_LEVEL, codec.level), "level");
  check(cdma_cctx_set_param(cctx.get(), CDMA_P_ELEMENT_WIDTH, width), "element width");
  check(cdma_cctx_set_param(cctx.get(), CDMA_P_CHECKSUM, 0), "checksum");
  std::vector<uint8_t> out(check(cdma_cctx_compress_bound(cctx.get(), data.size()), "bound"));
  return check(cdma_compress_cctx(cctx.get(), out.data(), out.size(), data.data(), data.size()),
               "compression failed");
}

}  // namespace

std::vector<std::string> list_dumps(const std::string& dir) {
  std::vector<std::string> files;
  const std::string where = printable(dir);
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() != ".npy") continue;
    const std::string path = it->path().string();
    // Every .npy entry is a layer, in name order: one that cannot be read
    // (a symlink loop, a dangling link, a FIFO) is an error, not skipped,
    // or every later dump would silently shift to the wrong layer.
    std::error_code type_ec;
    const fs::file_status st = fs::status(it->path(), type_ec);
    if (type_ec)
      throw ModelError(ErrorKind::io, printable(path) + ": cannot read the dump: " + type_ec.message());
    if (!fs::is_regular_file(st))
      throw ModelError(ErrorKind::usage, printable(path) + ": the dump is not a regular file");
    if (files.size() == limits::kMaxLayers)
      throw ModelError(ErrorKind::data, where + ": more than " + std::to_string(limits::kMaxLayers) +
                                            " .npy files (the limit of one network)");
    files.push_back(path);
  }
  if (ec) throw ModelError(ErrorKind::io, where + ": cannot list: " + ec.message());
  if (files.empty()) throw ModelError(ErrorKind::data, where + ": no .npy files");
  std::sort(files.begin(), files.end());
  return files;
}

DumpMeasurement measure_dump(const std::string& path, const std::vector<CodecChoice>& codecs) {
  const std::string text = read_input_file(path, limits::kMaxDumpBytes, "dump");
  const std::span<const uint8_t> file(reinterpret_cast<const uint8_t*>(text.data()), text.size());
  std::string error;
  const auto header = tensorio::parse_npy_header(file, error);
  if (!header || !tensorio::check_npy_data_size(*header, file.size(), error))
    throw ModelError(ErrorKind::data, printable(path) + ": " + printable(error));
  if (header->data_size > limits::kMaxLayerBytes)
    throw ModelError(ErrorKind::data, printable(path) + ": more bytes than one tensor may have");
  const std::span<const uint8_t> data(file.data() + header->data_offset, header->data_size);
  const unsigned width = tensorio::zvc_element_width(header->dtype.itemsize);

  DumpMeasurement m;
  m.bytes = header->data_size;
  for (const CodecChoice& c : codecs) {
    // An empty tensor moves nothing; call its ratio 1 rather than divide by a header.
    m.ratio[c.name] = data.empty() ? 1.0
                                   : static_cast<double>(data.size()) /
                                         static_cast<double>(frame_size(data, width, c, path));
  }
  return m;
}

void fill_from_dumps(std::vector<Layer>& layers, const std::string& dir,
                     const std::vector<CodecChoice>& codecs) {
  const std::vector<std::string> files = list_dumps(dir);
  const auto open = std::count_if(layers.begin(), layers.end(), [](const Layer& l) { return !l.bytes; });
  if (static_cast<size_t>(open) != files.size())
    throw ModelError(ErrorKind::data, printable(dir) + ": " + std::to_string(files.size()) +
                                          " .npy files, but " + std::to_string(open) +
                                          " layers have no bytes to take from them");
  size_t next = 0;
  for (Layer& l : layers) {
    if (l.bytes) continue;
    const DumpMeasurement m = measure_dump(files[next], codecs);
    l.bytes = m.bytes;
    l.measured.insert(m.ratio.begin(), m.ratio.end());
    l.dump = fs::path(files[next]).filename().string();
    ++next;
  }
}

}  // namespace cdma::model

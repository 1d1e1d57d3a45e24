#include "model/dumps.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>

#include "cdma/cdma.h"
#include "model/errors.hpp"
#include "tensorio/dtype.hpp"
#include "tensorio/npy.hpp"

namespace cdma::model {
namespace fs = std::filesystem;
namespace {

std::vector<uint8_t> read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ModelError(ErrorKind::io, path + ": cannot open");
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw ModelError(ErrorKind::io, path + ": read failed");
  return bytes;
}

// Compressed frame size of `data` with one codec; throws on a library error.
size_t frame_size(std::span<const uint8_t> data, unsigned width, const CodecChoice& codec,
                  const std::string& path) {
  std::unique_ptr<cdma_cctx, decltype(&cdma_cctx_free)> cctx(cdma_cctx_create(), cdma_cctx_free);
  if (!cctx) throw ModelError(ErrorKind::io, path + ": out of memory");
  auto check = [&](size_t r, const char* what) {
    if (cdma_is_error(r))
      throw ModelError(ErrorKind::data, path + ": " + what + " (codec " + codec.name +
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
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->path().extension() == ".npy" && it->is_regular_file()) files.push_back(it->path().string());
  if (ec) throw ModelError(ErrorKind::io, dir + ": cannot list: " + ec.message());
  if (files.empty()) throw ModelError(ErrorKind::data, dir + ": no .npy files");
  std::sort(files.begin(), files.end());
  return files;
}

DumpMeasurement measure_dump(const std::string& path, const std::vector<CodecChoice>& codecs) {
  const std::vector<uint8_t> file = read_bytes(path);
  std::string error;
  const auto header = tensorio::parse_npy_header(file, error);
  if (!header || !tensorio::check_npy_data_size(*header, file.size(), error))
    throw ModelError(ErrorKind::data, path + ": " + error);
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
    throw ModelError(ErrorKind::data, dir + ": " + std::to_string(files.size()) +
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

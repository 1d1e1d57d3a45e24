// `cdma info FILE.cdma...`: what a frame holds, read from its header and
// block headers without decoding any payload.
#include <cstdio>

#include "cdma/cdma.h"
#include "codec_names.hpp"
#include "display.hpp"
#include "failure.hpp"
#include "fileio.hpp"
#include "frame_checks.hpp"
#include "options.hpp"
#include "tensorio/npy.hpp"
#include "tensorio/shape.hpp"

namespace cdma::cli {
namespace {

void row(const char* name, const std::string& value) {
  std::printf("  %-14s %s\n", name, value.c_str());
}

// "128 bytes (.npy v1.0 header: descr '<f4', C order)" when the prefix is a
// .npy header, else just its size.
std::string describe_prefix(std::span<const uint8_t> file, size_t prefix_size) {
  std::string s = std::to_string(prefix_size) + " bytes";
  if (prefix_size == 0) return s;
  std::vector<uint8_t> prefix(prefix_size);
  check_lib(cdma_get_file_prefix(prefix.data(), prefix.size(), file.data(), file.size()),
            "cannot read the file prefix");
  std::string error;
  const auto h = tensorio::parse_npy_header(prefix, error);
  if (!h) return s;
  return s + " (.npy v" + std::to_string(h->major) + "." + std::to_string(h->minor) +
         " header: descr " + (h->dtype.structured ? "structured" : "'" + h->dtype.descr + "'") +
         (h->fortran_order ? ", Fortran order)" : ", C order)");
}

void info_one(const std::string& file) {
  const InputFile in = read_file(file);
  const CheckedFrame frame = check_frame(in.bytes);
  const cdma_frame_info& i = frame.info;
  const bool known = i.content_size != CDMA_CONTENTSIZE_UNKNOWN;
  std::printf("%s\n", file.c_str());
  row("frame", std::to_string(frame.frame_size) + " bytes, format v" +
                   std::to_string(i.format_version));
  if (known) {
    const uint64_t original = i.content_size + i.prefix_size;
    row("original", std::to_string(original) + " bytes (" +
                        format_ratio(original, frame.frame_size) + ")");
    row("content", std::to_string(i.content_size) + " bytes");
  } else {
    row("content", "size not recorded");
  }
  row("file prefix", describe_prefix(in.bytes, i.prefix_size));
  row("element width", std::to_string(i.element_width) + " bytes");
  row("block size", std::to_string(i.block_size) + " bytes");
  row("codec", codec_name(i.codec) + ", level " + std::to_string(i.level));
  row("checksum", i.has_checksum ? "XXH3-64" : "none");
  row("dtype", i.dtype[0] ? std::string(i.dtype) : "(not recorded)");
  row("shape", i.has_shape ? tensorio::format_shape({i.shape, i.ndim}) : "(not recorded)");
  std::fflush(stdout);
}

}  // namespace

int run_info(const Options& o) { return for_each_file(o.files, info_one); }

}  // namespace cdma::cli

// `cdma info FILE.cdma...` (`cdma -l`): what each frame holds, read from its
// header and block headers without decoding a payload. The file is mapped,
// so only the pages holding headers are read.
#include <cstdio>

#include "cdma/cdma.h"
#include "codec_names.hpp"
#include "container_npz.hpp"
#include "container_safetensors.hpp"
#include "display.hpp"
#include "failure.hpp"
#include "frame_checks.hpp"
#include "inputs.hpp"
#include "mapped_file.hpp"
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
std::string describe_prefix(std::span<const uint8_t> frame, const cdma_frame_info& info) {
  std::string s = std::to_string(info.prefix_size) + " bytes";
  if (info.prefix_size == 0) return s;
  const std::vector<uint8_t> prefix = read_file_prefix(info, frame);
  std::string error;
  const auto h = tensorio::parse_npy_header(prefix, error);
  if (!h) return s;
  return s + " (.npy v" + std::to_string(h->major) + "." + std::to_string(h->minor) +
         " header: descr " + (h->dtype.structured ? "structured" : "'" + h->dtype.descr + "'") +
         (h->fortran_order ? ", Fortran order)" : ", C order)");
}

void frame_rows(std::span<const uint8_t> file, const FrameSpan& f) {
  const cdma_frame_info& i = f.info;
  const bool known = i.content_size != CDMA_CONTENTSIZE_UNKNOWN;
  row("frame", std::to_string(f.size) + " bytes, format v" + std::to_string(i.format_version));
  if (known) {
    const uint64_t original = i.content_size + i.prefix_size;
    row("original", std::to_string(original) + " bytes (" + format_ratio(original, f.size) + ")");
    row("content", std::to_string(i.content_size) + " bytes");
  } else {
    row("content", "size not recorded");
  }
  row("file prefix", describe_prefix(file.subspan(f.offset, f.size), i));
  row("element width", std::to_string(i.element_width) + " bytes");
  const uint64_t blocks = block_count(i);
  row("blocks", (blocks ? std::to_string(blocks) : std::string("unknown")) + " of " +
                    std::to_string(i.block_size) + " bytes");
  row("codec", codec_name(i.codec) + ", level " + std::to_string(i.level));
  row("checksum", i.has_checksum ? "XXH3-64" : "none");
  row("dtype", i.dtype[0] ? std::string(i.dtype) : "(not recorded)");
  row("shape", i.has_shape ? tensorio::format_shape({i.shape, i.ndim}) : "(not recorded)");
}

void info_one(const std::string& file) {
  const MappedFile map(file);
  const auto bytes = map.bytes();
  const std::vector<FrameSpan> frames = walk_frames(bytes);
  std::printf("%s\n", display_name(file).c_str());  // a newline in the name cannot fake a row
  if (frames.size() == 1) {
    frame_rows(bytes, frames[0]);
  } else {
    // Totals first, then each frame as it would be listed alone.
    uint64_t original = 0;
    bool known = true;
    for (const FrameSpan& f : frames) {
      known = known && f.info.content_size != CDMA_CONTENTSIZE_UNKNOWN;
      original += f.info.content_size + f.info.prefix_size;
    }
    row("frames", std::to_string(frames.size()) + ", " + std::to_string(bytes.size()) + " bytes");
    if (known)
      row("original", std::to_string(original) + " bytes (" + format_ratio(original, bytes.size()) + ")");
    // A compressed safetensors or .npz file is listed by tensor rather than
    // by frame.
    const auto st = find_safetensors(bytes, frames);
    const auto members = st ? std::vector<NpzFrameMember>() : find_npz_members(bytes, frames);
    if (st) {
      print_safetensors_tensors(*st, frames);
    } else if (!members.empty()) {
      print_npz_members(members, frames);
    } else {
      for (size_t k = 0; k < frames.size(); ++k) {
        std::printf(" frame %zu at offset %llu\n", k + 1,
                    static_cast<unsigned long long>(frames[k].offset));
        frame_rows(bytes, frames[k]);
      }
    }
  }
  std::fflush(stdout);
}

}  // namespace

int run_info(const Options& o) {
  if (o.files.empty()) {
    print_error("", "info needs FILE arguments: it reads block headers in place, not from a pipe");
    return kExitUsage;
  }
  return for_each_input(expand_inputs(o.files, o.recursive, has_cdma_suffix), info_one);
}

}  // namespace cdma::cli

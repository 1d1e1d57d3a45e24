#include "frame_checks.hpp"

#include <algorithm>
#include <string>

#include "failure.hpp"
#include "tensorio/frame_tensor.hpp"

namespace cdma::cli {

std::vector<FrameSpan> walk_frames(std::span<const uint8_t> file) {
  if (file.empty()) throw CliError(kExitData, "empty file, not a cdma frame");
  std::vector<FrameSpan> frames;
  uint64_t offset = 0;
  while (offset < file.size()) {
    const auto rest = file.subspan(offset);
    const std::string name = "frame " + std::to_string(frames.size() + 1);
    FrameSpan f;
    f.offset = offset;
    const size_t h = cdma_get_frame_info(&f.info, sizeof f.info, rest.data(), rest.size());
    if (cdma_is_error(h)) {
      if (!frames.empty() && cdma_get_error_code(h) == CDMA_ERROR_prefix_unknown)
        throw trailing_data_error(rest, true, frames.size());
      check_lib(h, frames.empty() ? "cannot read frame header" : "cannot read the header of " + name);
    }
    check_tensor_metadata(f.info, read_file_prefix(f.info, rest), name);
    f.size = check_lib(cdma_find_frame_compressed_size(rest.data(), rest.size()),
                       frames.size() ? "damaged " + name : "damaged frame");
    offset += f.size;
    frames.push_back(f);
  }
  return frames;
}

std::vector<uint8_t> read_file_prefix(const cdma_frame_info& info, std::span<const uint8_t> head) {
  std::vector<uint8_t> prefix(info.prefix_size);
  if (!prefix.empty())
    check_lib(cdma_get_file_prefix(prefix.data(), prefix.size(), head.data(), head.size()),
              "cannot read the file prefix");
  return prefix;
}

void check_tensor_metadata(const cdma_frame_info& info, std::span<const uint8_t> prefix,
                           const std::string& frame) {
  tensorio::FrameTensor t;
  t.dtype = info.dtype;
  if (info.has_shape) t.shape = std::span<const uint64_t>(info.shape, info.ndim);
  if (info.content_size != CDMA_CONTENTSIZE_UNKNOWN) t.content_size = info.content_size;
  t.prefix = prefix;
  std::string error;
  if (!tensorio::check_frame_tensor(t, error))
    throw CliError(kExitData, frame + " has inconsistent tensor metadata: " + error);
}

CliError trailing_data_error(std::span<const uint8_t> seen, bool whole, uint64_t frames) {
  const std::string after = " after frame " + std::to_string(frames) + " (the last one)";
  if (!whole) return CliError(kExitData, "trailing data" + after + " is not a cdma frame");
  const bool zeros = std::all_of(seen.begin(), seen.end(), [](uint8_t b) { return b == 0; });
  const std::string count = std::to_string(seen.size()) + (seen.size() == 1 ? " byte" : " bytes");
  return CliError(kExitData, zeros ? count + " of zero padding" + after + ", not a cdma frame"
                                   : count + " of trailing garbage" + after + ", not a cdma frame");
}

uint64_t block_count(const cdma_frame_info& info) {
  if (info.content_size == CDMA_CONTENTSIZE_UNKNOWN || info.block_size == 0) return 0;
  if (info.content_size == 0) return 1;
  return (info.content_size + info.block_size - 1) / info.block_size;
}

}  // namespace cdma::cli

#include "frame_checks.hpp"

#include <unistd.h>

#include <string>

#include "failure.hpp"
#include "tensorio/shape.hpp"

namespace cdma::cli {
namespace {

// Bytes of block header in front of every block (docs/format.md): the least
// a block can occupy, reached by an all-zero block.
constexpr uint64_t kMinBlockBytes = 12;

uint64_t physical_memory() {
  const long pages = sysconf(_SC_PHYS_PAGES);
  const long page_size = sysconf(_SC_PAGESIZE);
  uint64_t bytes = 0;
  if (pages <= 0 || page_size <= 0 ||
      !tensorio::checked_mul(static_cast<uint64_t>(pages), static_cast<uint64_t>(page_size), &bytes))
    return UINT64_MAX;  // unknown: do not refuse on a guess
  return bytes;
}

}  // namespace

CheckedFrame check_frame(std::span<const uint8_t> bytes) {
  CheckedFrame f;
  check_lib(cdma_get_frame_info(&f.info, sizeof f.info, bytes.data(), bytes.size()),
            "cannot read frame header");
  f.frame_size = check_lib(cdma_find_frame_compressed_size(bytes.data(), bytes.size()),
                           "damaged frame");
  if (f.frame_size != bytes.size())
    throw CliError(kExitData, std::to_string(bytes.size() - f.frame_size) +
                                  " bytes of trailing data after the frame");
  return f;
}

void check_content_fits(const CheckedFrame& frame) {
  const cdma_frame_info& info = frame.info;
  if (info.content_size == CDMA_CONTENTSIZE_UNKNOWN)
    throw CliError(kExitData, "frame does not record its content size");
  const uint64_t max_blocks = (frame.frame_size - info.header_size) / kMinBlockBytes;
  uint64_t can_hold = 0;
  if (tensorio::checked_mul(max_blocks, info.block_size, &can_hold) && info.content_size > can_hold)
    throw CliError(kExitData, "header claims " + std::to_string(info.content_size) +
                                  " bytes of content, more than its blocks can hold (at most " +
                                  std::to_string(can_hold) + ")");
  uint64_t need = 0;
  const bool overflow = __builtin_add_overflow(info.content_size, info.prefix_size, &need);
  const uint64_t have = physical_memory();
  if (overflow || need > have)
    throw CliError(kExitData, "restoring it needs " + std::to_string(overflow ? UINT64_MAX : need) +
                                  " bytes, more than this machine's " + std::to_string(have) +
                                  " bytes of memory");
}

}  // namespace cdma::cli

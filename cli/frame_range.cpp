#include "frame_range.hpp"

#include <algorithm>
#include <string>

#include "failure.hpp"

namespace cdma::cli {
namespace {

// Bytes decoded per call: bounds the buffer whatever the range's length,
// while giving each call enough blocks to spread over the threads.
constexpr uint64_t kPieceSize = uint64_t{4} << 20;

// Frame_Flags (byte 5 of the header) bit 2: a Seek_Table ends the frame.
constexpr size_t kFlagsOffset = 5;
constexpr uint8_t kFlagSeekTable = 1u << 2;

// After cdma_decompress_range of [begin, end) reported checksum_wrong: the
// first block of the range whose seek-table checksum fails, decoded alone.
std::string failed_block(cdma_dctx* dctx, std::span<const uint8_t> frame, const FrameSpan& f,
                         uint64_t begin, uint64_t end) {
  const uint64_t block = f.info.block_size;
  std::vector<uint8_t> one(block);
  for (uint64_t b = begin / block; b * block < end; ++b) {
    const uint64_t from = b * block, to = std::min(from + block, f.info.content_size);
    const size_t r = cdma_decompress_range(dctx, one.data(), one.size(), frame.data(), frame.size(),
                                           from, to - from);
    if (cdma_is_error(r) && cdma_get_error_code(r) == CDMA_ERROR_checksum_wrong)
      return "block " + std::to_string(b + 1) + " (content bytes " + std::to_string(from) + ".." +
             std::to_string(to) + ")";
  }
  return "a block";
}

}  // namespace

bool header_has_seek_table(std::span<const uint8_t> header) {
  return header.size() > kFlagsOffset && (header[kFlagsOffset] & kFlagSeekTable) != 0;
}

bool has_seek_table(std::span<const uint8_t> file, const FrameSpan& f) {
  return header_has_seek_table(file.subspan(f.offset, f.size));
}

void decode_frame_range(cdma_dctx* dctx, std::span<const uint8_t> file, const FrameSpan& f,
                        size_t index, uint64_t begin, uint64_t end, std::vector<uint8_t>& buf,
                        OutputSink& out) {
  // Pieces end on multiples of the piece size, itself a multiple of the
  // block size, so no block is decoded twice.
  const uint64_t block = f.info.block_size;
  const uint64_t piece = std::max(block, kPieceSize / block * block);
  if (buf.size() < piece) buf.resize(piece);
  const auto frame = file.subspan(f.offset, f.size);
  const std::string name = "frame " + std::to_string(index + 1);
  while (begin < end) {
    const uint64_t stop = std::min(end, (begin / piece + 1) * piece);
    const size_t n = cdma_decompress_range(dctx, buf.data(), buf.size(), frame.data(), frame.size(),
                                           begin, stop - begin);
    // The range decoder cannot read the content checksum; its checksum_wrong
    // is a seek-table block checksum, which the library's message does not say.
    if (cdma_is_error(n) && cdma_get_error_code(n) == CDMA_ERROR_checksum_wrong)
      throw CliError(kExitData, name + ", " + failed_block(dctx, frame, f, begin, stop) +
                                    ": the block checksum in the seek table does not match the "
                                    "decoded block (the block or the seek table is damaged)");
    check_lib(n, name);
    out.write({buf.data(), n});
    begin = stop;
  }
}

}  // namespace cdma::cli

// Range decoding of one frame of a mapped .cdma file, for `decompress
// --range` (the bytes asked for) and `test` (every block of a frame with a
// seek table: whole-frame decoding does not read the seek table's block
// checksums, docs/format.md, so `test` decodes once more through the range
// decoder, which checks them).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "cdma/cdma.h"
#include "frame_checks.hpp"
#include "output_sink.hpp"

namespace cdma::cli {

// Whether the frame whose header starts `header` ends with a seek table:
// the header's Seek_Table flag (docs/format.md), to be read once
// cdma_get_frame_info has accepted the header.
bool header_has_seek_table(std::span<const uint8_t> header);

// The same for frame `f` of `file`, as walk_frames found it.
bool has_seek_table(std::span<const uint8_t> file, const FrameSpan& f);

// Writes content bytes [begin, end) of frame `f` (frame-relative offsets;
// `index` counts the frames before it) to `out`, decoding a few MiB at a
// time into `buf`. Throws CliError (kExitData) naming what failed: a block
// whose seek-table checksum does not match is named, with its bytes.
void decode_frame_range(cdma_dctx* dctx, std::span<const uint8_t> file, const FrameSpan& f,
                        size_t index, uint64_t begin, uint64_t end, std::vector<uint8_t>& buf,
                        OutputSink& out);

}  // namespace cdma::cli

// The decompression loop: frame bytes read in chunks from an InputStream,
// decoded by cdma_decompress_stream(), each frame's recorded file prefix
// (a .npy header) written before its content. Concatenated frames decode as
// one stream: the output is the concatenation of what each frame restores.
#pragma once

#include <cstdint>
#include <vector>

#include "cdma/cdma.h"
#include "input_stream.hpp"
#include "options.hpp"
#include "output_sink.hpp"
#include "progress.hpp"

namespace cdma::cli {

struct DecodeTotals {
  uint64_t compressed = 0;  // frame bytes read
  uint64_t restored = 0;    // bytes written: prefixes and content
  uint64_t frames = 0;
  bool all_checksummed = true;  // every frame carried a content checksum
  std::vector<uint64_t> contents;  // content bytes of each frame (its prefix not counted)
};

// Decodes every frame of `in` into `out`, each within -M (o.memory_limit,
// memory_budget.hpp: threads and the decoder's limit are set per frame).
// Throws CliError: kExitData for anything wrong with the input (not a
// frame, truncated, corrupt, checksum), kExitIo for a frame over the memory
// limit, naming --memory.
DecodeTotals decode_stream(cdma_dctx* dctx, const Options& o, InputStream& in, OutputSink& out,
                           Progress& progress);

}  // namespace cdma::cli

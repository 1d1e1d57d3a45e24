// The compression loop: content read in chunks from an InputStream, fed to
// cdma_compress_stream(), frame bytes handed to an OutputSink as they come.
// Memory is a chunk of input, a chunk of output and the library's batch of
// blocks, whatever the input's size.
#pragma once

#include <cstdint>

#include "cdma/cdma.h"
#include "input_stream.hpp"
#include "output_sink.hpp"
#include "progress.hpp"
#include "tensor_input.hpp"

namespace cdma::cli {

// Compresses what is left of `in` (its file prefix already consumed) as one
// frame. The input's total size is checked against `t` before the frame is
// ended, so a wrong size fails with the same message as for a whole file.
// `memory_limit` is -M (0: none): the I/O chunk comes out of it
// (memory_budget.hpp). Returns the content bytes compressed. Throws CliError.
uint64_t encode_stream(cdma_cctx* cctx, uint64_t memory_limit, InputStream& in, const TensorInput& t,
                       OutputSink& out, Progress& progress);

// Compresses the next `size` bytes of `in` as one frame (a tensor of a
// container file; the input goes on after it). `done` is the bytes of the
// input already taken, for the progress line. Throws CliError (kExitIo) when
// the input ends first: the file shrank while being read.
void encode_part(cdma_cctx* cctx, uint64_t memory_limit, InputStream& in, uint64_t size, uint64_t done,
                 OutputSink& out, Progress& progress);

}  // namespace cdma::cli

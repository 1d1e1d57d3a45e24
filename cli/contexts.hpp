// Library contexts configured from the command line: a compression context
// carrying the codec options, threads and the input's tensor metadata, and
// a decompression context carrying threads and the --memory limit.
#pragma once

#include <cstdint>
#include <memory>
#include <span>

#include "cdma/cdma.h"
#include "options.hpp"
#include "tensor_input.hpp"

namespace cdma::cli {

using CctxPtr = std::unique_ptr<cdma_cctx, decltype(&cdma_cctx_free)>;
using DctxPtr = std::unique_ptr<cdma_dctx, decltype(&cdma_dctx_free)>;

// Throws CliError naming the option the library refused.
CctxPtr make_cctx(const Options& o, const TensorInput& t, std::span<const uint8_t> prefix);
DctxPtr make_dctx(const Options& o);

}  // namespace cdma::cli

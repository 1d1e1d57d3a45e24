// Owning handles for the C contexts, and the parameter set the Python calls
// share. Parameters arrive validated only by the library: its bounds errors
// become cdma.Error like any other.
#ifndef CDMA_PY_CONTEXTS_HPP
#define CDMA_PY_CONTEXTS_HPP

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cdma/cdma.h"

namespace cdma_py {

struct CctxFree {
  void operator()(cdma_cctx* c) const { cdma_cctx_free(c); }
};
struct DctxFree {
  void operator()(cdma_dctx* d) const { cdma_dctx_free(d); }
};
using CctxPtr = std::unique_ptr<cdma_cctx, CctxFree>;
using DctxPtr = std::unique_ptr<cdma_dctx, DctxFree>;

// The argument order of every Python entry point that compresses.
struct CompressParams {
  int element_width = 1;
  int level = 0;  // 0: the library default
  int codec = CDMA_CODEC_AUTO;
  int threads = 1;
  bool checksum = true;
  std::optional<std::string> dtype = std::nullopt;            // recorded when set
  std::optional<std::vector<uint64_t>> shape = std::nullopt;  // recorded when set
};

// A compression context configured from `p`; raises cdma.Error.
CctxPtr make_cctx(const CompressParams& p);

// A decompression context with `threads` workers; raises cdma.Error.
DctxPtr make_dctx(int threads);

}  // namespace cdma_py

#endif

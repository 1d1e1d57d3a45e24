#include "contexts.hpp"

#include "codec_names.hpp"
#include "failure.hpp"
#include "memory_budget.hpp"

namespace cdma::cli {

CctxPtr make_cctx(const Options& o, const TensorInput& t, std::span<const uint8_t> prefix) {
  CctxPtr cctx(cdma_cctx_create(), &cdma_cctx_free);
  if (!cctx) throw CliError(kExitIo, "out of memory");
  cdma_cctx* c = cctx.get();
  const auto codec = codec_from_name(o.codec);
  if (!codec) throw CliError(kExitUsage, "unknown --codec " + o.codec);
  check_lib(cdma_cctx_set_param(c, CDMA_P_CODEC, *codec), "--codec", kExitUsage);
  if (o.level) check_lib(cdma_cctx_set_param(c, CDMA_P_LEVEL, o.level), "--level", kExitUsage);
  if (o.block_log) check_lib(cdma_cctx_set_param(c, CDMA_P_BLOCK_LOG, o.block_log), "--block-log", kExitUsage);
  check_lib(cdma_cctx_set_param(c, CDMA_P_ELEMENT_WIDTH, t.element_width), "element width");
  // Threads and the library's limit within -M (memory_budget.hpp).
  int64_t block_log = 0;
  check_lib(cdma_cctx_get_param(c, CDMA_P_BLOCK_LOG, &block_log), "--block-log");
  const uint64_t content = t.content_size.value_or(CDMA_CONTENTSIZE_UNKNOWN);
  const size_t library_least = cdma_cctx_memory_need(c, content);
  check_lib(library_least, "memory estimate");
  const MemoryPlan plan =
      plan_compress(o.memory_limit, resolve_threads(o.threads), uint64_t{1} << block_log, content, library_least);
  check_lib(cdma_cctx_set_param(c, CDMA_P_THREADS, plan.threads), "--threads", kExitUsage);
  check_lib(cdma_cctx_set_param(c, CDMA_P_MEMORY_LIMIT, static_cast<int64_t>(plan.library)), "--memory",
            kExitUsage);
  // Always checksummed: `cdma test` and --rm rely on it.
  check_lib(cdma_cctx_set_param(c, CDMA_P_CHECKSUM, 1), "checksum");
  if (o.seek_table) check_lib(cdma_cctx_set_param(c, CDMA_P_SEEK_TABLE, 1), "--seek-table", kExitUsage);
  check_lib(cdma_cctx_set_tensor(c, t.dtype.empty() ? nullptr : t.dtype.c_str(), t.has_shape,
                                 t.shape.data(), t.shape.size()),
            "tensor metadata");
  check_lib(cdma_cctx_set_file_prefix(c, prefix.data(), prefix.size()), "file header");
  // The header then records the content size, so `cdma info` can show it
  // and a decoder can check it.
  if (t.content_size) check_lib(cdma_cctx_set_pledged_size(c, *t.content_size), "content size");
  return cctx;
}

DctxPtr make_dctx(const Options& o) {
  DctxPtr dctx(cdma_dctx_create(), &cdma_dctx_free);
  if (!dctx) throw CliError(kExitIo, "out of memory");
  // decode_stream() sets the threads and the limit per frame, within -M;
  // these serve --range, which decodes a few blocks into its own buffer.
  check_lib(cdma_dctx_set_param(dctx.get(), CDMA_DP_THREADS, o.threads), "--threads", kExitUsage);
  const int64_t limit = o.memory_limit > INT64_MAX ? 0 : static_cast<int64_t>(o.memory_limit);
  check_lib(cdma_dctx_set_param(dctx.get(), CDMA_DP_MEMORY_LIMIT, limit), "--memory", kExitUsage);
  // Each frame's end comes back to us (its successor may carry a file
  // prefix to write first), so the decoder can be given all buffered input.
  check_lib(cdma_dctx_set_param(dctx.get(), CDMA_DP_STOP_AT_FRAME_END, 1), "decoder setup");
  return dctx;
}

}  // namespace cdma::cli

// The streaming functions of the C API.
#include "api/caller_args.hpp"
#include "api/cctx.hpp"
#include "api/guarded.hpp"
#include "common/error.hpp"

using namespace cdma;

namespace {
bool buffers_valid(const cdma_out_buffer* out, const cdma_in_buffer* in) {
  return out != nullptr && in != nullptr && out->pos <= out->size && in->pos <= in->size &&
         (out->dst != nullptr || out->size == 0) && (in->src != nullptr || in->size == 0);
}
}  // namespace

extern "C" {

size_t cdma_cctx_set_pledged_size(cdma_cctx* cctx, uint64_t size) {
  CDMA_RETURN_ERROR_IF(cctx == nullptr, null_argument);
  CDMA_ENTER_CONTEXT(cctx);
  return cctx->stream.record(cctx->stream.pledge(size));
}

size_t cdma_cctx_memory_need(const cdma_cctx* cctx, uint64_t content_size) {
  CDMA_RETURN_ERROR_IF(cctx == nullptr, null_argument);
  return static_cast<size_t>(least_memory_limit(cctx->params, content_size));
}

size_t cdma_compress_stream(cdma_cctx* cctx, cdma_out_buffer* out, cdma_in_buffer* in,
                            cdma_end_directive end) {
  CDMA_RETURN_ERROR_IF(cctx == nullptr, null_argument);
  CDMA_ENTER_CONTEXT(cctx);
  // Bad arguments fail the stream like any other error: the caller's
  // stream is broken either way.
  const int64_t directive = enum_arg(end);
  if (!buffers_valid(out, in)) return cctx->stream.record(make_error(CDMA_ERROR_null_argument));
  if (directive != CDMA_E_CONTINUE && directive != CDMA_E_FLUSH && directive != CDMA_E_END)
    return cctx->stream.record(make_error(CDMA_ERROR_parameter_out_of_bound));
  return cctx->stream.record(guarded([&] {
    return cctx->stream.step(cctx->params, cctx->meta, cctx->pool.get(), cctx->workspaces, out, in,
                             static_cast<cdma_end_directive>(directive));
  }));
}

size_t cdma_cctx_reset_stream(cdma_cctx* cctx) {
  CDMA_RETURN_ERROR_IF(cctx == nullptr, null_argument);
  CDMA_ENTER_CONTEXT(cctx);
  cctx->stream.reset();
  return 0;
}

size_t cdma_decompress_stream(cdma_dctx* dctx, cdma_out_buffer* out, cdma_in_buffer* in) {
  CDMA_RETURN_ERROR_IF(dctx == nullptr, null_argument);
  CDMA_ENTER_CONTEXT(dctx);
  if (!buffers_valid(out, in)) return dctx->stream.record(make_error(CDMA_ERROR_null_argument));
  return dctx->stream.record(guarded([&] {
    return dctx->stream.step(dctx->pool.get(), dctx->workspaces, dctx->memory_limit, dctx->stop_at_frame_end,
                             out, in);
  }));
}

size_t cdma_dctx_reset(cdma_dctx* dctx) {
  CDMA_RETURN_ERROR_IF(dctx == nullptr, null_argument);
  CDMA_ENTER_CONTEXT(dctx);
  dctx->stream.reset();
  return 0;
}

}  // extern "C"

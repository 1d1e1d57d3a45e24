// Parameter bounds and the cctx setters of the C API.
#include <cstring>
#include <new>

#include "api/caller_args.hpp"
#include "api/cctx.hpp"
#include "common/error.hpp"
#include "frame/frame_codec.hpp"
#include "frame/frame_format.hpp"

using namespace cdma;

namespace {

cdma_bounds bounds_of(int64_t param) {
  switch (param) {
    case CDMA_P_CODEC: return {0, 0, CDMA_CODEC_AUTO};
    case CDMA_P_LEVEL: return {0, 1, 9};
    case CDMA_P_ELEMENT_WIDTH: return {0, 1, 8};
    case CDMA_P_BLOCK_LOG: return {0, frame::kMinBlockLog, frame::kMaxBlockLog};
    case CDMA_P_CHECKSUM: return {0, 0, 1};
    case CDMA_P_THREADS: return {0, 0, 256};
    case CDMA_P_SEEK_TABLE: return {0, 0, 1};
    case CDMA_P_MEMORY_LIMIT: return {0, 0, INT64_MAX};
  }
  return {make_error(CDMA_ERROR_parameter_unsupported), 0, 0};
}

// The whole truth about which values a parameter takes: its range, and the
// values inside the range that are refused (codec ids no encoder has, and
// ZERO, which only the library picks; element widths that are not a power
// of two). cdma_param_check() and cdma_cctx_set_param() both ask it.
size_t check_value(int64_t param, int64_t value) {
  const cdma_bounds b = bounds_of(param);
  CDMA_FORWARD_IF_ERROR(b.error);
  CDMA_RETURN_ERROR_IF(value < b.lower || value > b.upper, parameter_out_of_bound);
  switch (param) {
    case CDMA_P_CODEC:
      CDMA_RETURN_ERROR_IF(!frame::codec_requestable(static_cast<unsigned>(value)), parameter_out_of_bound);
      return 0;
    case CDMA_P_ELEMENT_WIDTH:
      CDMA_RETURN_ERROR_IF(!frame::element_width_valid(static_cast<unsigned>(value)), parameter_out_of_bound);
      return 0;
  }
  return 0;
}

}  // namespace

extern "C" {

const char* cdma_codec_name(int codec) {
  return codec < 0 ? nullptr : frame::codec_name(static_cast<unsigned>(codec));
}

int cdma_codec_from_name(const char* name) { return name == nullptr ? -1 : frame::codec_from_name(name); }

cdma_bounds cdma_param_get_bounds(cdma_param param) {
  // Read as an integer first: a C caller may pass any int (caller_args.hpp).
  return bounds_of(enum_arg(param));
}

size_t cdma_param_check(cdma_param param, int64_t value) { return check_value(enum_arg(param), value); }

cdma_cctx* cdma_cctx_create(void) { return new (std::nothrow) cdma_cctx_s(); }

cdma_dctx* cdma_dctx_create(void) { return new (std::nothrow) cdma_dctx_s(); }

void cdma_dctx_free(cdma_dctx* dctx) { delete dctx; }

size_t cdma_dctx_set_param(cdma_dctx* dctx, cdma_dparam param, int64_t value) {
  CDMA_RETURN_ERROR_IF(dctx == nullptr, null_argument);
  CDMA_ENTER_CONTEXT(dctx);
  switch (enum_arg(param)) {
    case CDMA_DP_THREADS:
      CDMA_RETURN_ERROR_IF(value < 0 || value > 256, parameter_out_of_bound);
      dctx->threads_param = value;
      dctx->pool.set_threads(static_cast<unsigned>(value));
      return 0;
    case CDMA_DP_MEMORY_LIMIT:
      CDMA_RETURN_ERROR_IF(value < 0, parameter_out_of_bound);
      dctx->memory_limit = value == 0 ? UINT64_MAX : static_cast<uint64_t>(value);
      return 0;
    case CDMA_DP_STOP_AT_FRAME_END:
      CDMA_RETURN_ERROR_IF(value < 0 || value > 1, parameter_out_of_bound);
      dctx->stop_at_frame_end = value == 1;
      return 0;
  }
  return make_error(CDMA_ERROR_parameter_unsupported);
}

void cdma_cctx_free(cdma_cctx* cctx) { delete cctx; }

size_t cdma_cctx_reset(cdma_cctx* cctx) {
  CDMA_RETURN_ERROR_IF(cctx == nullptr, null_argument);
  CDMA_ENTER_CONTEXT(cctx);
  // Everything back to a new context's state, a frame in progress and its
  // pledge included.
  cctx->params = frame::CompressParams();
  cctx->meta = frame::TensorMeta();
  cctx->threads_param = 1;
  cctx->pool.set_threads(1);
  cctx->stream.reset();
  return 0;
}

size_t cdma_cctx_set_param(cdma_cctx* cctx, cdma_param param, int64_t value) {
  CDMA_RETURN_ERROR_IF(cctx == nullptr, null_argument);
  CDMA_ENTER_CONTEXT(cctx);
  const int64_t id = enum_arg(param);
  CDMA_FORWARD_IF_ERROR(check_value(id, value));
  frame::CompressParams& p = cctx->params;
  switch (id) {
    case CDMA_P_CODEC: p.codec = static_cast<unsigned>(value); break;
    case CDMA_P_LEVEL: p.level = static_cast<int>(value); break;
    case CDMA_P_ELEMENT_WIDTH: p.element_width = static_cast<unsigned>(value); break;
    case CDMA_P_BLOCK_LOG: p.block_log = static_cast<unsigned>(value); break;
    case CDMA_P_CHECKSUM: p.checksum = value != 0; break;
    case CDMA_P_SEEK_TABLE: p.seek_table = value != 0; break;
    case CDMA_P_THREADS:
      cctx->threads_param = value;
      cctx->pool.set_threads(static_cast<unsigned>(value));
      break;
    case CDMA_P_MEMORY_LIMIT: p.memory_limit = value == 0 ? UINT64_MAX : static_cast<uint64_t>(value); break;
  }
  return 0;
}

size_t cdma_cctx_get_param(const cdma_cctx* cctx, cdma_param param, int64_t* value) {
  CDMA_RETURN_ERROR_IF(cctx == nullptr || value == nullptr, null_argument);
  CDMA_ENTER_CONTEXT(cctx);
  const frame::CompressParams& p = cctx->params;
  switch (enum_arg(param)) {
    case CDMA_P_CODEC: *value = p.codec; return 0;
    case CDMA_P_LEVEL: *value = p.level; return 0;
    case CDMA_P_ELEMENT_WIDTH: *value = p.element_width; return 0;
    case CDMA_P_BLOCK_LOG: *value = p.block_log; return 0;
    case CDMA_P_CHECKSUM: *value = p.checksum; return 0;
    case CDMA_P_THREADS: *value = cctx->threads_param; return 0;
    case CDMA_P_SEEK_TABLE: *value = p.seek_table; return 0;
    case CDMA_P_MEMORY_LIMIT:
      *value = p.memory_limit == UINT64_MAX ? 0 : static_cast<int64_t>(p.memory_limit);
      return 0;
  }
  return make_error(CDMA_ERROR_parameter_unsupported);
}

size_t cdma_cctx_set_tensor(cdma_cctx* cctx, const char* dtype, int has_shape,
                            const uint64_t* dims, size_t ndim) {
  CDMA_RETURN_ERROR_IF(cctx == nullptr, null_argument);
  CDMA_ENTER_CONTEXT(cctx);
  CDMA_RETURN_ERROR_IF(has_shape && ndim > 0 && dims == nullptr, null_argument);
  CDMA_RETURN_ERROR_IF(ndim > CDMA_MAX_NDIM || (!has_shape && ndim != 0), metadata_invalid);
  std::string name;
  if (dtype != nullptr) {
    const size_t len = std::strlen(dtype);
    CDMA_RETURN_ERROR_IF(len > CDMA_MAX_DTYPE, metadata_invalid);
    for (size_t i = 0; i < len; ++i)
      CDMA_RETURN_ERROR_IF(dtype[i] < 0x21 || dtype[i] > 0x7E, metadata_invalid);
    name = dtype;
  }
  cctx->meta.dtype = std::move(name);
  cctx->meta.has_shape = has_shape != 0;
  cctx->meta.shape.assign(dims, dims + (has_shape ? ndim : 0));
  return 0;
}

size_t cdma_cctx_set_file_prefix(cdma_cctx* cctx, const void* prefix, size_t size) {
  CDMA_RETURN_ERROR_IF(cctx == nullptr || (size > 0 && prefix == nullptr), null_argument);
  CDMA_ENTER_CONTEXT(cctx);
  CDMA_RETURN_ERROR_IF(size > CDMA_MAX_PREFIX, metadata_invalid);
  const auto* p = static_cast<const uint8_t*>(prefix);
  cctx->meta.prefix.assign(p, p + size);
  return 0;
}

}  // extern "C"

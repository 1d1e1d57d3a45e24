// Version, errors, one-shot compression/decompression and frame inspection
// of the C API. No C++ exception crosses this boundary.
#include <algorithm>
#include <cstddef>
#include <cstring>
#include <string>

#include "api/caller_args.hpp"
#include "api/cctx.hpp"
#include "api/guarded.hpp"
#include "common/error.hpp"
#include "frame/frame_codec.hpp"
#include "frame/frame_header.hpp"
#include "frame/workspaces.hpp"
#include "simd/dispatch.hpp"

using namespace cdma;

namespace {
// sizeof(cdma_frame_info) in the first version of cdma.h (0.1): the
// smallest struct cdma_get_frame_info() accepts, forever. Later versions
// only append fields.
constexpr size_t kFrameInfoV1Size = 328;
static_assert(offsetof(cdma_frame_info, dtype) + CDMA_MAX_DTYPE + 1 == kFrameInfoV1Size,
              "the 0.1 fields of cdma_frame_info moved");

#define CDMA_STR2(x) #x
#define CDMA_STR(x) CDMA_STR2(x)
constexpr const char* kVersionString =
    CDMA_STR(CDMA_VERSION_MAJOR) "." CDMA_STR(CDMA_VERSION_MINOR) "." CDMA_STR(CDMA_VERSION_PATCH);
}  // namespace

extern "C" {

unsigned cdma_version_number(void) { return CDMA_VERSION_NUMBER; }
const char* cdma_version_string(void) { return kVersionString; }
const char* cdma_simd_target(void) { return simd::dispatched_target_name(); }
size_t cdma_simd_summary(char* dst, size_t dst_capacity) {
  const std::string summary = simd::dispatch_summary();
  if (dst_capacity > 0) {
    const size_t n = std::min(summary.size(), dst_capacity - 1);
    std::memcpy(dst, summary.data(), n);
    dst[n] = '\0';
  }
  return summary.size();
}

unsigned cdma_is_error(size_t result) { return is_error(result) ? 1 : 0; }
cdma_error_code cdma_get_error_code(size_t result) { return error_code(result); }
const char* cdma_error_name(size_t result) { return error_message(error_code(result)); }
const char* cdma_error_string(cdma_error_code code) {
  // Any int may arrive here from C: only a code in the enum's range is
  // converted to it (caller_args.hpp).
  const int64_t raw = enum_arg(code);
  if (raw < 0 || raw > CDMA_ERROR_maxCode) return error_message(CDMA_ERROR_maxCode);
  return error_message(static_cast<cdma_error_code>(raw));
}

size_t cdma_compress_bound(size_t src_size) {
  return frame::compress_bound(src_size, frame::TensorMeta{});
}

size_t cdma_cctx_compress_bound(const cdma_cctx* cctx, size_t src_size) {
  CDMA_RETURN_ERROR_IF(cctx == nullptr, null_argument);
  CDMA_ENTER_CONTEXT(cctx);
  return guarded([&] { return frame::compress_bound(src_size, cctx->meta, cctx->params.seek_table); });
}

size_t cdma_compress_cctx(cdma_cctx* cctx, void* dst, size_t dst_capacity, const void* src,
                          size_t src_size) {
  CDMA_RETURN_ERROR_IF(cctx == nullptr, null_argument);
  CDMA_RETURN_ERROR_IF((dst == nullptr && dst_capacity > 0) || (src == nullptr && src_size > 0),
                       null_argument);
  CDMA_ENTER_CONTEXT(cctx);
  return guarded([&] {
    return frame::compress(cctx->params, cctx->meta, static_cast<const uint8_t*>(src), src_size,
                           static_cast<uint8_t*>(dst), dst_capacity, cctx->pool.get(), cctx->workspaces);
  });
}

size_t cdma_compress(void* dst, size_t dst_capacity, const void* src, size_t src_size,
                     int element_width, int level) {
  cdma_cctx_s ctx;
  CDMA_FORWARD_IF_ERROR(cdma_cctx_set_param(&ctx, CDMA_P_ELEMENT_WIDTH, element_width));
  if (level != 0) CDMA_FORWARD_IF_ERROR(cdma_cctx_set_param(&ctx, CDMA_P_LEVEL, level));
  return cdma_compress_cctx(&ctx, dst, dst_capacity, src, src_size);
}

size_t cdma_decompress(void* dst, size_t dst_capacity, const void* src, size_t src_size) {
  CDMA_RETURN_ERROR_IF((dst == nullptr && dst_capacity > 0) || src == nullptr, null_argument);
  return guarded([&] {
    frame::Workspaces ws;  // this call's own: nothing outlives it
    return frame::decompress(static_cast<const uint8_t*>(src), src_size,
                             static_cast<uint8_t*>(dst), dst_capacity, nullptr, ws);
  });
}

size_t cdma_decompress_dctx(cdma_dctx* dctx, void* dst, size_t dst_capacity, const void* src,
                            size_t src_size) {
  CDMA_RETURN_ERROR_IF(dctx == nullptr, null_argument);
  CDMA_RETURN_ERROR_IF((dst == nullptr && dst_capacity > 0) || src == nullptr, null_argument);
  CDMA_ENTER_CONTEXT(dctx);
  return guarded([&] {
    return frame::decompress(static_cast<const uint8_t*>(src), src_size,
                             static_cast<uint8_t*>(dst), dst_capacity, dctx->pool.get(), dctx->workspaces);
  });
}

size_t cdma_decompress_range(cdma_dctx* dctx, void* dst, size_t dst_capacity, const void* src,
                             size_t src_size, uint64_t offset, uint64_t length) {
  CDMA_RETURN_ERROR_IF((dst == nullptr && dst_capacity > 0) || src == nullptr, null_argument);
  auto run = [&](ThreadPool* pool, frame::Workspaces& ws) {
    return guarded([&] {
      return frame::decompress_range(static_cast<const uint8_t*>(src), src_size, offset, length,
                                     static_cast<uint8_t*>(dst), dst_capacity, pool, ws);
    });
  };
  if (dctx == nullptr) {
    frame::Workspaces ws;  // this call's own: nothing outlives it
    return run(nullptr, ws);
  }
  CDMA_ENTER_CONTEXT(dctx);
  return run(dctx->pool.get(), dctx->workspaces);
}

uint64_t cdma_get_content_size(const void* src, size_t src_size) {
  if (src == nullptr) return CDMA_CONTENTSIZE_ERROR;
  frame::Header h;
  const size_t r = guarded([&] {
    return frame::parse_header(static_cast<const uint8_t*>(src), src_size, &h);
  });
  if (is_error(r)) return CDMA_CONTENTSIZE_ERROR;
  return h.content_size;
}

size_t cdma_get_frame_info(cdma_frame_info* info, size_t info_size, const void* src,
                           size_t src_size) {
  CDMA_RETURN_ERROR_IF(info == nullptr || src == nullptr, null_argument);
  // Any struct from the first version's up: a caller compiled against an
  // older header gets the fields it knows, a newer one zeros for the
  // fields this library does not know.
  CDMA_RETURN_ERROR_IF(info_size < kFrameInfoV1Size, parameter_out_of_bound);
  return guarded([&] {
    frame::Header h;
    CDMA_FORWARD_IF_ERROR(frame::parse_header(static_cast<const uint8_t*>(src), src_size, &h));
    cdma_frame_info out{};
    out.content_size = h.content_size;
    out.header_size = h.header_size;
    out.prefix_size = h.prefix_size;
    out.format_version = frame::kVersion;
    out.element_width = h.element_width;
    out.block_size = static_cast<uint32_t>(h.block_size());
    out.codec = h.codec;
    out.level = h.level;
    out.has_checksum = h.has_checksum();
    out.has_shape = h.has_shape;
    out.ndim = static_cast<uint32_t>(h.shape.size());
    std::copy(h.shape.begin(), h.shape.end(), out.shape);
    std::memcpy(out.dtype, h.dtype.data(), h.dtype.size());
    auto* bytes = reinterpret_cast<uint8_t*>(info);
    std::memcpy(bytes, &out, std::min(info_size, sizeof out));
    if (info_size > sizeof out) std::memset(bytes + sizeof out, 0, info_size - sizeof out);
    return h.header_size;
  });
}

size_t cdma_get_file_prefix(void* dst, size_t dst_capacity, const void* src, size_t src_size) {
  CDMA_RETURN_ERROR_IF(src == nullptr || (dst == nullptr && dst_capacity > 0), null_argument);
  return guarded([&] {
    frame::Header h;
    CDMA_FORWARD_IF_ERROR(frame::parse_header(static_cast<const uint8_t*>(src), src_size, &h));
    CDMA_RETURN_ERROR_IF(h.prefix_size > dst_capacity, dst_too_small);
    if (h.prefix_size) std::memcpy(dst, static_cast<const uint8_t*>(src) + h.prefix_offset, h.prefix_size);
    return h.prefix_size;
  });
}

size_t cdma_find_frame_compressed_size(const void* src, size_t src_size) {
  CDMA_RETURN_ERROR_IF(src == nullptr, null_argument);
  return guarded([&] { return frame::compressed_size(static_cast<const uint8_t*>(src), src_size); });
}

}  // extern "C"

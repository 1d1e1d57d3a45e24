// cdma.hpp - a thin C++20 wrapper over the C API: RAII contexts, std::span
// buffers, and errors as exceptions. Header-only; nothing here is part of
// the ABI, and every call goes through cdma.h.
#ifndef CDMA_HPP
#define CDMA_HPP

#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "cdma.h"

namespace cdma {

// An error result of the C API, with its stable code.
class Error : public std::runtime_error {
 public:
  explicit Error(size_t result)
      : std::runtime_error(cdma_error_name(result)), code_(cdma_get_error_code(result)) {}
  cdma_error_code code() const noexcept { return code_; }

 private:
  cdma_error_code code_;
};

// Throws cdma::Error when `result` is an error, else returns it.
inline size_t check(size_t result) {
  if (cdma_is_error(result)) throw Error(result);
  return result;
}

// Owns a cdma_cctx. Movable, not copyable.
class Compressor {
 public:
  Compressor() : ctx_(cdma_cctx_create()) {
    if (ctx_ == nullptr) throw Error(static_cast<size_t>(0) - CDMA_ERROR_memory_allocation);
  }
  ~Compressor() { cdma_cctx_free(ctx_); }
  Compressor(Compressor&& o) noexcept : ctx_(o.ctx_) { o.ctx_ = nullptr; }
  Compressor& operator=(Compressor&& o) noexcept {
    std::swap(ctx_, o.ctx_);
    return *this;
  }
  Compressor(const Compressor&) = delete;
  Compressor& operator=(const Compressor&) = delete;

  Compressor& set(cdma_param p, int64_t value) {
    check(cdma_cctx_set_param(ctx_, p, value));
    return *this;
  }
  Compressor& set_tensor(const std::string& dtype, std::span<const uint64_t> shape) {
    check(cdma_cctx_set_tensor(ctx_, dtype.empty() ? nullptr : dtype.c_str(), 1, shape.data(),
                               shape.size()));
    return *this;
  }
  Compressor& set_file_prefix(std::span<const uint8_t> prefix) {
    check(cdma_cctx_set_file_prefix(ctx_, prefix.data(), prefix.size()));
    return *this;
  }

  size_t bound(size_t src_size) const { return check(cdma_cctx_compress_bound(ctx_, src_size)); }

  // Compresses into caller memory; returns the frame size.
  size_t compress(std::span<uint8_t> dst, std::span<const uint8_t> src) {
    return check(cdma_compress_cctx(ctx_, dst.data(), dst.size(), src.data(), src.size()));
  }

  // Compresses into a new vector sized by the bound, then trimmed.
  std::vector<uint8_t> compress(std::span<const uint8_t> src) {
    std::vector<uint8_t> out(bound(src.size()));
    out.resize(compress(out, src));
    return out;
  }

  cdma_cctx* get() noexcept { return ctx_; }

 private:
  cdma_cctx* ctx_;
};

inline cdma_frame_info frame_info(std::span<const uint8_t> frame) {
  cdma_frame_info info;
  check(cdma_get_frame_info(&info, sizeof info, frame.data(), frame.size()));
  return info;
}

// Decodes one frame into a new vector. The block structure is walked first,
// so the allocation is sized from a content size the blocks confirm, and it
// is refused when above `max_size`.
inline std::vector<uint8_t> decompress(std::span<const uint8_t> frame,
                                       uint64_t max_size = UINT64_MAX) {
  check(cdma_find_frame_compressed_size(frame.data(), frame.size()));
  const uint64_t size = cdma_get_content_size(frame.data(), frame.size());
  if (size == CDMA_CONTENTSIZE_ERROR || size == CDMA_CONTENTSIZE_UNKNOWN || size > max_size ||
      size > SIZE_MAX)
    throw Error(static_cast<size_t>(0) - CDMA_ERROR_memory_limit_exceeded);
  std::vector<uint8_t> out(static_cast<size_t>(size));
  out.resize(check(cdma_decompress(out.data(), out.size(), frame.data(), frame.size())));
  return out;
}

}  // namespace cdma

#endif  // CDMA_HPP

#include "baselines/baselines.hpp"

#include <lz4.h>
#include <lz4hc.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <new>
#include <stdexcept>
#include <string>

namespace cdma::baselines {

struct Contexts::State {
  struct CctxFree {
    void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
  };
  struct DctxFree {
    void operator()(ZSTD_DCtx* d) const { ZSTD_freeDCtx(d); }
  };
  std::unique_ptr<ZSTD_CCtx, CctxFree> cctx;
  std::unique_ptr<ZSTD_DCtx, DctxFree> dctx;
};

Contexts::Contexts() : state_(std::make_unique<State>()) {}
Contexts::~Contexts() = default;

// The contexts a call codes with, made on first use.
struct ContextsAccess {
  static ZSTD_CCtx* cctx(Contexts& c) {
    if (!c.state_->cctx) c.state_->cctx.reset(ZSTD_createCCtx());
    if (!c.state_->cctx) throw std::bad_alloc();
    return c.state_->cctx.get();
  }
  static ZSTD_DCtx* dctx(Contexts& c) {
    if (!c.state_->dctx) c.state_->dctx.reset(ZSTD_createDCtx());
    if (!c.state_->dctx) throw std::bad_alloc();
    return c.state_->dctx.get();
  }
};

namespace {

// lz4 takes int sizes; a larger input must fail loudly, not wrap.
int lz4_input(size_t n) {
  if (n > static_cast<size_t>(INT_MAX)) throw std::runtime_error("lz4: input over 2 GiB");
  return static_cast<int>(n);
}

// A capacity beyond what an int holds is more than lz4 can ever write.
int lz4_capacity(size_t cap) { return static_cast<int>(std::min(cap, static_cast<size_t>(INT_MAX))); }

// liblz4 returns 0 for a failed compression, but also for the decoding of
// an empty input: `least` is the smallest success.
size_t check_lz4(int r, const char* what, int least) {
  if (r < least) throw std::runtime_error(std::string(what) + " failed");
  return static_cast<size_t>(r);
}

size_t check_zstd(size_t r) {
  if (ZSTD_isError(r)) throw std::runtime_error(std::string("zstd: ") + ZSTD_getErrorName(r));
  return r;
}

size_t zstd_compress(const Codec& codec, const uint8_t* src, size_t n, uint8_t* dst, size_t cap,
                     Contexts* contexts) {
  if (!codec.checksum) {
    if (contexts == nullptr) return check_zstd(ZSTD_compress(dst, cap, src, n, codec.level));
    return check_zstd(ZSTD_compressCCtx(ContextsAccess::cctx(*contexts), dst, cap, src, n, codec.level));
  }
  Contexts own;
  ZSTD_CCtx* c = ContextsAccess::cctx(contexts != nullptr ? *contexts : own);
  check_zstd(ZSTD_CCtx_reset(c, ZSTD_reset_session_and_parameters));
  check_zstd(ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, codec.level));
  check_zstd(ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 1));
  return check_zstd(ZSTD_compress2(c, dst, cap, src, n));
}

}  // namespace

size_t max_input(Library library) {
  if (library == Library::lz4 || library == Library::lz4hc) return LZ4_MAX_INPUT_SIZE;
  return SIZE_MAX;
}

size_t compress_bound(Library library, size_t size) {
  switch (library) {
    case Library::lz4:
    case Library::lz4hc:
      return static_cast<size_t>(LZ4_compressBound(lz4_input(size)));
    case Library::zstd:
      return check_zstd(ZSTD_compressBound(size));
    case Library::zlib:
      return static_cast<size_t>(compressBound(static_cast<uLong>(size)));
  }
  throw std::logic_error("baselines: unknown library");
}

size_t compress(const Codec& codec, const uint8_t* src, size_t n, uint8_t* dst, size_t cap,
                Contexts* contexts) {
  const auto* in = reinterpret_cast<const char*>(src);
  auto* out = reinterpret_cast<char*>(dst);
  switch (codec.library) {
    case Library::lz4:
      return check_lz4(LZ4_compress_default(in, out, lz4_input(n), lz4_capacity(cap)),
                       "LZ4_compress_default", 1);
    case Library::lz4hc:
      return check_lz4(LZ4_compress_HC(in, out, lz4_input(n), lz4_capacity(cap), codec.level),
                       "LZ4_compress_HC", 1);
    case Library::zstd:
      return zstd_compress(codec, src, n, dst, cap, contexts);
    case Library::zlib: {
      uLongf written = cap;
      if (compress2(dst, &written, src, n, codec.level) != Z_OK)
        throw std::runtime_error("zlib compress2 failed");
      return static_cast<size_t>(written);
    }
  }
  throw std::logic_error("baselines: unknown library");
}

size_t decompress(Library library, const uint8_t* src, size_t n, uint8_t* dst, size_t cap,
                  Contexts* contexts) {
  switch (library) {
    case Library::lz4:
    case Library::lz4hc:
      return check_lz4(LZ4_decompress_safe(reinterpret_cast<const char*>(src), reinterpret_cast<char*>(dst),
                                           lz4_input(n), lz4_capacity(cap)),
                       "LZ4_decompress_safe", 0);
    case Library::zstd:
      if (contexts == nullptr) return check_zstd(ZSTD_decompress(dst, cap, src, n));
      return check_zstd(ZSTD_decompressDCtx(ContextsAccess::dctx(*contexts), dst, cap, src, n));
    case Library::zlib: {
      uLongf written = cap;
      if (uncompress(dst, &written, src, n) != Z_OK) throw std::runtime_error("zlib uncompress failed");
      return static_cast<size_t>(written);
    }
  }
  throw std::logic_error("baselines: unknown library");
}

}  // namespace cdma::baselines

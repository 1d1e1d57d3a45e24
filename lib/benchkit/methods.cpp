#include "benchkit/methods.hpp"

#include <lz4.h>
#include <lz4hc.h>
#include <zlib.h>
#include <zstd.h>

#include <climits>
#include <cstring>
#include <memory>
#include <stdexcept>

namespace cdma::benchkit {
namespace {

size_t check_cdma(size_t r, const char* what) {
  if (cdma_is_error(r)) throw std::runtime_error(std::string(what) + ": " + cdma_error_name(r));
  return r;
}

// lz4 takes int sizes; a larger tensor must fail loudly, not wrap.
int as_int(size_t n) {
  if (n > static_cast<size_t>(INT_MAX)) throw std::runtime_error("lz4: input over 2 GiB");
  return static_cast<int>(n);
}

// liblz4 returns 0 for a failed compression, but also for the decoding of
// an empty input (an empty tensor): `least` is the smallest success.
size_t check_lz4(int r, const char* what, int least = 1) {
  if (r < least) throw std::runtime_error(std::string(what) + " failed");
  return static_cast<size_t>(r);
}

struct CctxFree {
  void operator()(cdma_cctx* c) const { cdma_cctx_free(c); }
};

}  // namespace

Method cdma_method(const std::string& name, cdma_codec codec, int level) {
  Method m;
  m.name = name;
  m.family = "cdma";
  m.bound = [](size_t n) { return cdma_compress_bound(n); };
  m.encode = [codec, level](const Input& in, uint8_t* dst, size_t cap) {
    std::unique_ptr<cdma_cctx, CctxFree> c(cdma_cctx_create());
    if (!c) throw std::bad_alloc();
    check_cdma(cdma_cctx_set_param(c.get(), CDMA_P_CODEC, codec), "codec");
    check_cdma(cdma_cctx_set_param(c.get(), CDMA_P_LEVEL, level), "level");
    check_cdma(cdma_cctx_set_param(c.get(), CDMA_P_ELEMENT_WIDTH, in.width), "element width");
    return check_cdma(cdma_compress_cctx(c.get(), dst, cap, in.data, in.size), "cdma compress");
  };
  m.decode = [](const uint8_t* src, size_t n, uint8_t* dst, size_t cap) {
    return check_cdma(cdma_decompress(dst, cap, src, n), "cdma decompress");
  };
  return m;
}

Method lz4_method() {
  Method m;
  m.name = "lz4";
  m.family = "lz4";
  m.bound = [](size_t n) { return static_cast<size_t>(LZ4_compressBound(as_int(n))); };
  m.encode = [](const Input& in, uint8_t* dst, size_t cap) {
    return check_lz4(LZ4_compress_default(reinterpret_cast<const char*>(in.data),
                                          reinterpret_cast<char*>(dst), as_int(in.size),
                                          as_int(cap)),
                     "LZ4_compress_default");
  };
  m.decode = [](const uint8_t* src, size_t n, uint8_t* dst, size_t cap) {
    return check_lz4(LZ4_decompress_safe(reinterpret_cast<const char*>(src),
                                         reinterpret_cast<char*>(dst), as_int(n), as_int(cap)),
                     "LZ4_decompress_safe", 0);
  };
  return m;
}

Method lz4hc_method(int level) {
  Method m = lz4_method();  // the same format, so the same decoder
  m.name = "lz4hc-" + std::to_string(level);
  m.encode = [level](const Input& in, uint8_t* dst, size_t cap) {
    return check_lz4(LZ4_compress_HC(reinterpret_cast<const char*>(in.data),
                                     reinterpret_cast<char*>(dst), as_int(in.size), as_int(cap),
                                     level),
                     "LZ4_compress_HC");
  };
  return m;
}

Method zstd_method(int level) {
  Method m;
  m.name = "zstd-" + std::to_string(level);
  m.family = "zstd";
  m.bound = [](size_t n) { return ZSTD_compressBound(n); };
  m.encode = [level](const Input& in, uint8_t* dst, size_t cap) {
    const size_t r = ZSTD_compress(dst, cap, in.data, in.size, level);
    if (ZSTD_isError(r)) throw std::runtime_error(std::string("zstd: ") + ZSTD_getErrorName(r));
    return r;
  };
  m.decode = [](const uint8_t* src, size_t n, uint8_t* dst, size_t cap) {
    const size_t r = ZSTD_decompress(dst, cap, src, n);
    if (ZSTD_isError(r)) throw std::runtime_error(std::string("zstd: ") + ZSTD_getErrorName(r));
    return r;
  };
  return m;
}

Method zlib_method(int level) {
  Method m;
  m.name = "zlib-" + std::to_string(level);
  m.family = "zlib";
  m.bound = [](size_t n) { return static_cast<size_t>(compressBound(static_cast<uLong>(n))); };
  m.encode = [level](const Input& in, uint8_t* dst, size_t cap) {
    uLongf n = cap;
    if (compress2(dst, &n, in.data, in.size, level) != Z_OK) throw std::runtime_error("zlib compress2 failed");
    return static_cast<size_t>(n);
  };
  m.decode = [](const uint8_t* src, size_t n, uint8_t* dst, size_t cap) {
    uLongf out = cap;
    if (uncompress(dst, &out, src, n) != Z_OK) throw std::runtime_error("zlib uncompress failed");
    return static_cast<size_t>(out);
  };
  return m;
}

Method memcpy_method() {
  Method m;
  m.name = "memcpy";
  m.family = "memcpy";
  m.bound = [](size_t n) { return n; };
  m.encode = [](const Input& in, uint8_t* dst, size_t) {
    std::memcpy(dst, in.data, in.size);
    return in.size;
  };
  m.decode = [](const uint8_t* src, size_t n, uint8_t* dst, size_t) {
    std::memcpy(dst, src, n);
    return n;
  };
  return m;
}

}  // namespace cdma::benchkit

#include "benchkit/methods.hpp"

#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

#include "baselines/baselines.hpp"

namespace cdma::benchkit {
namespace {

size_t check_cdma(size_t r, const char* what) {
  if (cdma_is_error(r)) throw std::runtime_error(std::string(what) + ": " + cdma_error_name(r));
  return r;
}

struct CctxFree {
  void operator()(cdma_cctx* c) const { cdma_cctx_free(c); }
};

// A general-purpose library, one-shot as its users call it
// (lib/baselines).
Method library_method(std::string name, std::string family, baselines::Codec codec) {
  Method m;
  m.name = std::move(name);
  m.family = std::move(family);
  m.bound = [codec](size_t n) { return baselines::compress_bound(codec.library, n); };
  m.encode = [codec](const Input& in, uint8_t* dst, size_t cap) {
    return baselines::compress(codec, in.data, in.size, dst, cap);
  };
  m.decode = [codec](const uint8_t* src, size_t n, uint8_t* dst, size_t cap) {
    return baselines::decompress(codec.library, src, n, dst, cap);
  };
  return m;
}

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

Method lz4_method() { return library_method("lz4", "lz4", {baselines::Library::lz4}); }

// The same format as lz4, so the same decoder, and the same colour.
Method lz4hc_method(int level) {
  return library_method("lz4hc-" + std::to_string(level), "lz4", {baselines::Library::lz4hc, level});
}

Method zstd_method(int level) {
  return library_method("zstd-" + std::to_string(level), "zstd", {baselines::Library::zstd, level});
}

Method zlib_method(int level) {
  return library_method("zlib-" + std::to_string(level), "zlib", {baselines::Library::zlib, level});
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

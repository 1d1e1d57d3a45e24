// Shared by every fuzz target and by the replay driver: how a target states
// an invariant, how it draws its parameters from the input, and buffers
// sized so that AddressSanitizer sees a single byte of overflow.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

#include "cdma/cdma.h"

// An invariant of the library. Unlike assert() it stays on in Release builds,
// so the replay tests (built like the rest of the suite) check it too.
#define FUZZ_CHECK(cond)                                               \
  do {                                                                 \
    if (!(cond)) ::cdma::fuzz::fail(#cond, __FILE__, __LINE__, 0);     \
  } while (0)

// As FUZZ_CHECK, and names the library result that broke it.
#define FUZZ_CHECK_R(cond, result)                                          \
  do {                                                                      \
    if (!(cond)) ::cdma::fuzz::fail(#cond, __FILE__, __LINE__, (result));   \
  } while (0)

namespace cdma::fuzz {

[[noreturn]] inline void fail(const char* what, const char* file, int line, size_t result) {
  std::fprintf(stderr, "fuzz check failed: %s at %s:%d", what, file, line);
  if (cdma_is_error(result)) std::fprintf(stderr, " (result: %s)", cdma_error_name(result));
  std::fprintf(stderr, "\n");
  std::abort();
}

inline bool is_code(size_t result, cdma_error_code code) {
  return cdma_get_error_code(result) == code;
}

// Parameters come from the end of the input and data from the front: the
// fuzzer's mutations of the data then never shift the parameters, and a
// seed written for one target reads sensibly as another's data. Past the
// start of the input every parameter reads as 0.
class Params {
 public:
  Params(const uint8_t* data, size_t size) : data_(data), size_(size) {}

  uint8_t u8() { return size_ == 0 ? 0 : data_[--size_]; }
  uint16_t u16() { return static_cast<uint16_t>(u8() | u8() << 8); }
  uint32_t u32() { return u16() | static_cast<uint32_t>(u16()) << 16; }
  uint64_t u64() { return u32() | static_cast<uint64_t>(u32()) << 32; }
  bool flag() { return (u8() & 1) != 0; }
  // One of `n` choices.
  size_t pick(size_t n) { return u8() % n; }

  // What is left at the front once the parameters are taken.
  const uint8_t* data() const { return data_; }
  size_t size() const { return size_; }

 private:
  const uint8_t* data_;
  size_t size_;
};

// Exactly `size` heap bytes (new[0] still yields a distinct pointer), so a
// read or write one byte past the end is an AddressSanitizer report rather
// than a silent scribble inside a larger allocation.
class Exact {
 public:
  explicit Exact(size_t size) : p_(new uint8_t[size]), size_(size) {}
  Exact(const uint8_t* src, size_t size) : Exact(size) {
    if (size) std::memcpy(p_.get(), src, size);
  }
  uint8_t* data() { return p_.get(); }
  const uint8_t* data() const { return p_.get(); }
  size_t size() const { return size_; }

 private:
  std::unique_ptr<uint8_t[]> p_;
  size_t size_;
};

// A tiny deterministic generator (splitmix64) for chunk sizes and the like,
// seeded from the input so that every run of an input is the same run.
class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed) {}
  uint64_t next() {
    uint64_t z = (s_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform-ish in [lo, hi].
  size_t between(size_t lo, size_t hi) { return lo + static_cast<size_t>(next() % (hi - lo + 1)); }

 private:
  uint64_t s_;
};

// Every codec id the public header names, AUTO included, and one id no
// build knows. Targets skip an id cdma_cctx_set_param refuses: a codec may
// be in the header before it is registered in the library.
inline constexpr int kCodecChoices[] = {CDMA_CODEC_AUTO, CDMA_CODEC_STORE, CDMA_CODEC_ZVC,
                                        CDMA_CODEC_ZRLE, CDMA_CODEC_SPLIT, CDMA_CODEC_ZSTD,
                                        CDMA_CODEC_LZ4,  7};
inline constexpr int kWidths[] = {1, 2, 4, 8};

// Content for compression targets. Mode 0 uses the bytes as they are; mode 1
// expands them into sparse content: a byte with the top bit set stands for
// (b & 0x7F) * 8 zero bytes, any other byte for itself. Activations are
// mostly zeros in runs, which raw fuzzer bytes rarely are, and the
// expansion lets a short input span several 4 KiB blocks.
inline std::vector<uint8_t> make_content(const uint8_t* data, size_t size, unsigned mode) {
  if (mode == 0) return {data, data + size};
  std::vector<uint8_t> out;
  for (size_t i = 0; i < size && out.size() < (1u << 20); ++i) {
    if (data[i] & 0x80) {
      out.insert(out.end(), size_t{data[i] & 0x7Fu} * 8, 0);
    } else {
      out.push_back(data[i]);
    }
  }
  return out;
}

// Owning handles, so a failed check cannot leak a context into LeakSanitizer's report.
struct CctxDeleter {
  void operator()(cdma_cctx* c) const { cdma_cctx_free(c); }
};
struct DctxDeleter {
  void operator()(cdma_dctx* d) const { cdma_dctx_free(d); }
};
using Cctx = std::unique_ptr<cdma_cctx, CctxDeleter>;
using Dctx = std::unique_ptr<cdma_dctx, DctxDeleter>;

}  // namespace cdma::fuzz

// The methods `cdma bench` times: cdma's codecs at a level, the libraries a
// user compares them with, and memcpy, the physical reference. Every method
// is one-shot (a fresh context per call, as ZSTD_compress is) so none gets
// an advantage from state carried between files.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "cdma/cdma.h"

namespace cdma::benchkit {

// Bytes to code: one tensor's element bytes and their element width.
struct Input {
  const uint8_t* data = nullptr;
  size_t size = 0;
  unsigned width = 1;
};

struct Method {
  std::string name;    // as --codecs spells it: "cdma-3", "cdma-zvc", "zstd-19", "memcpy"
  std::string family;  // "cdma", "lz4", "zstd", "zlib" or "memcpy" (the plot's colours)
  // Largest output of encode for `size` input bytes.
  std::function<size_t(size_t size)> bound;
  // Codes `in` into dst (capacity `cap`); returns the size. Throws on failure.
  std::function<size_t(const Input& in, uint8_t* dst, size_t cap)> encode;
  // Decodes `n` bytes at src into dst (capacity `cap`); returns the size
  // written. Throws on failure.
  std::function<size_t(const uint8_t* src, size_t n, uint8_t* dst, size_t cap)> decode;
};

// cdma through the public API: `codec` (CDMA_CODEC_AUTO for the level's own
// choice) at `level`, with the default block size and content checksum, as
// `cdma compress` writes it.
Method cdma_method(const std::string& name, cdma_codec codec, int level);
Method lz4_method();
Method lz4hc_method(int level);
Method zstd_method(int level);
Method zlib_method(int level);
Method memcpy_method();

}  // namespace cdma::benchkit

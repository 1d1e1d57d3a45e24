// The general-purpose libraries cdma is measured against (liblz4 fast and
// HC, libzstd, zlib), in one home for every tool that runs them: `cdma
// analyze`'s ratios, `cdma bench`'s methods and the benchmark programs of
// bench/. Each call codes one buffer into another in the library's own
// one-shot format (an LZ4 block, a zstd frame, a zlib stream), as a user of
// that library would, so the sizes and speeds are the library's own. A
// failure throws std::runtime_error naming the library call.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

namespace cdma::baselines {

enum class Library { lz4, lz4hc, zstd, zlib };

// A library at a level: lz4 has none (LZ4_compress_default, acceleration
// 1); lz4hc takes 1..12, zstd 1..22 (and its negative fast levels), zlib
// 1..9, each clamped or refused by the library itself.
struct Codec {
  Library library = Library::lz4;
  int level = 0;
  // zstd only: store XXH64 of the content in the frame, as the zstd command
  // line does by default (like for like with cdma's checksummed frames).
  bool checksum = false;
};

// The largest input one call takes: lz4 codes at most LZ4_MAX_INPUT_SIZE
// (just under 2 GiB) in a block; the others have no limit of their own.
size_t max_input(Library library);

// The largest output compress() writes for `size` input bytes. Throws when
// the library cannot take that much input in one call.
size_t compress_bound(Library library, size_t size);

// Contexts kept between calls, for a caller that codes many buffers and
// wants no allocation per call (libzstd's; lz4 and zlib keep none). The
// bytes written are those of a call without them. One per thread.
class Contexts {
 public:
  Contexts();
  ~Contexts();
  Contexts(const Contexts&) = delete;
  Contexts& operator=(const Contexts&) = delete;

 private:
  friend struct ContextsAccess;
  struct State;
  std::unique_ptr<State> state_;
};

// Compresses `n` bytes at src into dst (capacity `cap`, at least
// compress_bound(n) to be sure to fit); returns the compressed size.
// Without `contexts`, each call makes and frees its own, as ZSTD_compress
// does.
size_t compress(const Codec& codec, const uint8_t* src, size_t n, uint8_t* dst, size_t cap,
                Contexts* contexts = nullptr);

// Decompresses `n` bytes at src, written by compress() with the same
// library (lz4 and lz4hc share one format), into dst (capacity `cap`);
// returns the size written.
size_t decompress(Library library, const uint8_t* src, size_t n, uint8_t* dst, size_t cap,
                  Contexts* contexts = nullptr);

}  // namespace cdma::baselines

// Checksums of the frame format (docs/format.md): XXH3-64 from libxxhash.
#pragma once

#include <cstddef>
#include <cstdint>

namespace cdma {

uint64_t xxh3_64(const void* data, size_t size);

// Incremental XXH3-64, for content checksums computed block by block.
class Xxh3Stream {
 public:
  Xxh3Stream();
  ~Xxh3Stream();
  Xxh3Stream(const Xxh3Stream&) = delete;
  Xxh3Stream& operator=(const Xxh3Stream&) = delete;
  void reset();
  void update(const void* data, size_t size);
  uint64_t digest() const;

 private:
  void* state_;
};

}  // namespace cdma

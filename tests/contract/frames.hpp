// Valid frames of every shape the error-contract tests need: each codec,
// metadata, a seek table, no checksum, empty content, several blocks, and
// a frame written by the streaming encoder (content size unknown).
#pragma once

#include <string>
#include <vector>

#include "cdma/cdma.h"

namespace cdma::test {

struct SampleFrame {
  std::string name;
  std::vector<uint8_t> content;
  std::vector<uint8_t> frame;
  bool checksum = true;
  bool seek_table = false;
  // Only store, zero, zvc and zrle blocks: formats where each content has
  // exactly one encoding, so any change to the frame must be an error. LZ
  // streams (lz4, zstd, inside split blocks too) admit several encodings
  // of one content, so a flipped bit there may decode to the same bytes.
  bool canonical = false;
};

// Every sample whose codec this build registers. `small` keeps each frame
// under a few KiB, for tests that try every bit.
std::vector<SampleFrame> sample_frames(bool small);

// Decoding helpers that report only the result code and the bytes.
struct Decoded {
  size_t result;
  std::vector<uint8_t> out;
};
Decoded decode_one_shot(const std::vector<uint8_t>& frame, size_t size, size_t capacity);
// Streams the first `size` bytes of `frame` in chunks of `chunk` bytes with
// a fresh context; `result` is the last call's (0 only when every frame was
// complete).
Decoded decode_streaming(const uint8_t* frame, size_t size, size_t chunk, int64_t memory_limit = 0);

}  // namespace cdma::test

// What the split codec keeps in a Workspace: the largest request each
// scratch slot can see for a block of B bytes of width w (n = B / w
// elements; masks take ceil(items / 8) bytes), plus the stream coder's zstd
// context. These sizes follow the requests in split_encode.cpp,
// split_decode.cpp and stream_coding.cpp.
#include <algorithm>

#include "codecs/ext/ext.hpp"
#include "codecs/split/split_codec.hpp"
#include "codecs/split/stream_coding.hpp"
#include "codecs/workspace.hpp"

namespace cdma::split {
namespace {

constexpr uint64_t mask_bytes(uint64_t items) { return (items + 7) / 8; }

// kZvc (the zero mask, then the values and the tail) and kValues (the
// literal mask and the literals) each take a mask over n items and at most
// B bytes; kPlanes at most B bytes.
uint64_t masks_values_planes(uint64_t block, uint64_t n) {
  return 2 * Workspace::scratch_bytes(mask_bytes(n) + block) + Workspace::scratch_bytes(block);
}

}  // namespace

uint64_t encode_workspace(size_t block, unsigned width, int level) {
  const uint64_t b = block, n = b / std::max(width, 1u);
  // kMatches: new mask, distances and new values over at most n literals;
  // the encoder runs matches on 4- and 8-byte elements only.
  const bool match = split_plan_for_level(level).match && width >= 4;
  const uint64_t matches = match ? Workspace::scratch_bytes(mask_bytes(n) + n + b) : 0;
  // kStream: two candidates of the longest stream (a byte plane or the
  // distances, n bytes; every mask is shorter), 64 bytes apart.
  const uint64_t stream = Workspace::scratch_bytes(2 * (n + 64));
  // The zstd and lz4 backends at the strongest levels any stream kind tries.
  int zstd_level = 0, lz4_level = -1;
  for (StreamKind kind : {StreamKind::kMask, StreamKind::kMatch, StreamKind::kPlane, StreamKind::kMatchedPlane}) {
    const StreamPolicy p = stream_policy_for_level(level, kind);
    zstd_level = std::max(zstd_level, p.zstd_level);
    lz4_level = std::max(lz4_level, p.lz4_level);
  }
  return masks_values_planes(b, n) + matches + stream + ext::zstd_encode_workspace(zstd_level, n) +
         ext::lz4_encode_workspace(lz4_level);
}

uint64_t decode_workspace(size_t block, unsigned width, int /*level*/) {
  const uint64_t b = block, n = b / std::max(width, 1u);
  // A payload's flags, not the level, say which steps ran: matches may come
  // with any width (kMatches: mask, n distances, n new values), and any
  // stream may be zstd-coded.
  return masks_values_planes(b, n) + Workspace::scratch_bytes(mask_bytes(n) + n + b) + ext::zstd_decode_workspace();
}

}  // namespace cdma::split

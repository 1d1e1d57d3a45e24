// One stream of a split block (docs/format.md, "Split payload"): a coding
// byte, a varint size, and the coded bytes. The encoder chooses the coding
// from a histogram estimate and, at the slow levels, by trying LZ backends.
#pragma once

#include <cstddef>
#include <cstdint>

namespace cdma {
class Workspace;

enum class StreamCoding : uint8_t { kRaw = 0, kEntropy = 1, kLz4 = 2, kZstd = 3 };
inline constexpr uint8_t kStreamCodingCount = 4;

struct StreamPolicy {
  bool entropy = true;  // consider our rANS coder
  int lz4_level = -1;   // < 0: never try lz4; 0: fast; 4..12: HC
  // In (0, 1]: try lz4 first, and skip the entropy coder when lz4 takes the
  // stream to this fraction of its size or less. 0: try both.
  double lz4_first_below = 0;
  int zstd_level = 0;   // 0: never try zstd
  // Skip the entropy coder on streams entropy::looks_incompressible() rejects.
  bool screen = false;
  // Skip lz4 on streams with few 4-byte repeats (ext/repeat_screen.hpp);
  // only while the entropy coder is tried, which then does better.
  bool lz4_screen = false;
  double screen_bits = 7.8;  // the screen's skip_bits
  // entropy::EncodeOptions: payloads from this many bytes take 32 rANS lanes.
  double wide_min_payload = 8192;
  bool fast_normalize = false;  // entropy::EncodeOptions
  unsigned max_table_log = 12;  // entropy::EncodeOptions
};

// The transforms a cdma level (1..9) applies before the streams are coded.
struct SplitPlan {
  bool repeat;  // repeat mask (repeat_mask.hpp)
  bool match;   // matches (value_match.hpp); split_encode.cpp runs them on
                // 4- and 8-byte elements only
};
SplitPlan split_plan_for_level(int level);

// The kinds of split-block stream. Masks and match streams are small and
// keep the tensor's spatial structure, which LZ coders capture and order-0
// entropy does not; the byte planes are most of the bytes.
enum class StreamKind {
  kMask,   // the zero mask and the literal mask
  kMatch,  // the new mask and the distances of the match step
  kPlane,  // the byte planes of the values left
  kMatchedPlane,  // the same, when the match step ran (4- and 8-byte elements)
};

// The policy of a cdma level (1..9) for one kind of split-block stream.
// What each level tries: the table in stream_coding.cpp.
StreamPolicy stream_policy_for_level(int level, StreamKind kind);

// Largest write_stream() output for n bytes.
constexpr size_t stream_bound(size_t n) { return 1 + 9 + n; }

// Writes one stream for src[0..n) at dst; returns bytes written or
// kCodecNoFit if dst_capacity is too small even for a raw stream.
// Candidates are coded in ws (ScratchSlot::kStream, 2 n + 128 bytes).
size_t write_stream(Workspace& ws, const uint8_t* src, size_t n, const StreamPolicy& policy, uint8_t* dst,
                    size_t dst_capacity);

// Reads the stream at src (at most src_size bytes available) and decodes
// exactly n bytes into dst. Returns the bytes of src consumed, or an error.
size_t read_stream(Workspace& ws, const uint8_t* src, size_t src_size, uint8_t* dst, size_t n);

// As above, but a raw stream is not copied: *data points at the decoded
// bytes, either inside src (raw) or at dst (everything else).
size_t read_stream(Workspace& ws, const uint8_t* src, size_t src_size, uint8_t* dst, size_t n,
                   const uint8_t** data);

}  // namespace cdma

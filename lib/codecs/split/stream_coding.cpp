#include "codecs/split/stream_coding.hpp"

#include <cstring>

#include "codecs/entropy/entropy.hpp"
#include "codecs/ext/ext.hpp"
#include "codecs/ext/repeat_screen.hpp"
#include "codecs/codec.hpp"
#include "codecs/workspace.hpp"
#include "common/error.hpp"
#include "codecs/runs/varint.hpp"

namespace cdma {

namespace {

// What each level does (levels 1 and below are plain ZVC, not split):
//
// level:          2  3  4  5  6  7  8  9
// repeat mask:    y  y  y  y  y  y  y  y
// matches (W>=4): -  -  -  y  y  y  y  y
// fast coder:     y  y  y  y  y  y  -  -   (screen, 32 lanes from 1 KiB, quick tables)
// screen bits:    7  7 7.8 7 7.8 7.8 -  -
// mask lz4:       y  y  y  y  y  -  -  -
// mask entropy:   -  y  y  y  y  -  y  y
// ... lz4 first:  -  y  -  y  -  -  -  -   (entropy only when lz4 leaves
//                                            more than 80%)
// mask zstd:      -  -  -  -  -  1  3  6
// match streams:  as the masks, except at 7: as level 6's masks
// plane lz4:      -  -  y  -  y  y  y  y   (not after matches)
// plane zstd:     -  -  -  -  -  -  3  6
//
// Levels 5 and 6 are 3 and 4 plus matches. Level 7 is 6 with the mask
// streams through zstd -1 alone: masks are where zstd's matches plus
// Huffman-coded literals beat both lz4 and order-0 coding, and they are a
// small share of the data, so zstd's cost per stream stays affordable. The
// match streams keep level 6's coding there, where zstd saved too little
// for its calls. Planes through zstd cost the same whatever they hold, so
// only 8 and 9 try it.
// At 3 and 5 a mask stream lz4 takes to 80% or less is not entropy-coded
// too: the histogram, table and gathers cost more than the little they
// would save. Level 2 codes masks with lz4 alone.
// The figures behind each choice: bench/level-design.md.
struct LevelRow {
  bool repeat, match, fast;
  double screen_bits;
  bool mask_lz4, mask_entropy;
  double mask_lz4_first;
  int mask_zstd;
  bool plane_lz4;
  int plane_zstd;
  int match_like;  // the level whose mask policy codes the match streams
};
constexpr LevelRow kLevels[10] = {
    {false, false, true, 7.0, false, true, 0, 0, false, 0, 0},  // 0, 1: unused (ZVC)
    {false, false, true, 7.0, false, true, 0, 0, false, 0, 1},
    {true, false, true, 7.0, true, false, 0, 0, false, 0, 2},   // 2
    {true, false, true, 7.0, true, true, 0.8, 0, false, 0, 3},  // 3
    {true, false, true, 7.8, true, true, 0, 0, true, 0, 4},     // 4
    {true, true, true, 7.0, true, true, 0.8, 0, false, 0, 5},   // 5
    {true, true, true, 7.8, true, true, 0, 0, true, 0, 6},      // 6
    {true, true, true, 7.8, false, false, 0, 1, true, 0, 6},    // 7
    {true, true, false, 7.8, false, true, 0, 3, true, 3, 8},    // 8
    {true, true, false, 7.8, false, true, 0, 6, true, 6, 9},    // 9
};

const LevelRow& row(int level) { return kLevels[level < 0 ? 0 : level > 9 ? 9 : level]; }

}  // namespace

SplitPlan split_plan_for_level(int level) { return {row(level).repeat, row(level).match}; }

StreamPolicy stream_policy_for_level(int level, StreamKind kind) {
  if (kind == StreamKind::kMatch) return stream_policy_for_level(row(level).match_like, StreamKind::kMask);
  const bool mask_stream = kind == StreamKind::kMask;
  const LevelRow& r = row(level);
  StreamPolicy p;
  p.zstd_level = mask_stream ? r.mask_zstd : r.plane_zstd;
  if (r.fast) {
    // The fast levels do not spend a histogram on near-uniform byte planes
    // (the low mantissa bytes); mask streams are never near uniform enough
    // to skip. Levels 2, 3 and 5 screen at 7 bits (collision entropy),
    // storing what could save under 12.5% (on fp32 activations the whole
    // third byte plane too, whose coding gained little for much rANS
    // work). Levels 4 and 6 keep 7.8 bits (2.5%).
    p.screen = !mask_stream;
    p.screen_bits = r.screen_bits;
    // Masks with few 4-byte repeats skip lz4, which saves next to nothing
    // on them.
    p.lz4_screen = mask_stream;
    // 32 rANS lanes, which decode faster than 4, from 1 KiB of payload,
    // where the 28 extra lane states cost a small share of the stream.
    p.wide_min_payload = 1024;
    // The quick table normalization, and decode tables of 2^11 slots, which
    // build faster for almost the same ratio.
    p.fast_normalize = true;
    p.max_table_log = 11;
  }
  // The match step takes what lz4 found in the planes, so planes after
  // matches skip lz4 (bench/level-design.md).
  const bool plane_lz4 = r.plane_lz4 && kind != StreamKind::kMatchedPlane;
  p.lz4_level = (mask_stream ? r.mask_lz4 : plane_lz4) ? 0 : -1;
  if (mask_stream) p.lz4_first_below = r.mask_lz4_first, p.entropy = r.mask_entropy;
  return p;
}

namespace {

size_t put_stream(StreamCoding coding, const uint8_t* coded, size_t size, uint8_t* dst, size_t cap) {
  uint8_t head[1 + runs::kVarintMaxBytes];
  head[0] = static_cast<uint8_t>(coding);
  const size_t h = static_cast<size_t>(runs::write_varint(head + 1, size) - head);
  if (cap < h + size) return kCodecNoFit;
  std::memcpy(dst, head, h);
  if (size != 0 && coded != dst + h) std::memmove(dst + h, coded, size);  // coded is null when empty
  return h + size;
}

}  // namespace

size_t write_stream(Workspace& ws, const uint8_t* src, size_t n, const StreamPolicy& policy, uint8_t* dst,
                    size_t cap) {
  // Candidates are coded into scratch, then the smallest is copied out; the
  // raw stream is the fallback and sets the size to beat.
  StreamCoding best = StreamCoding::kRaw;
  const uint8_t* best_data = src;
  size_t best_size = n;
  if (n >= 64) {
    // Candidates are coded into two scratch halves, alternating so the best
    // so far is never overwritten; raw sets the size to beat. Any result not
    // below it (no fit, or an error value) is ignored.
    uint8_t* const buf = ws.scratch(ScratchSlot::kStream, 2 * (n + 64));
    uint8_t* const halves[2] = {buf, buf + n + 64};
    int free_half = 0;
    auto consider = [&](StreamCoding coding, size_t size) {
      if (size >= best_size) return;
      best = coding, best_size = size, best_data = halves[free_half];
      free_half ^= 1;
    };
    const bool try_lz4 = policy.lz4_level >= 0 &&
                         !(policy.lz4_screen && policy.entropy &&
                           ext::repeat4_fraction(src, n) < ext::kLz4HopelessRepeats);
    // Masks with long repeats: lz4 first, and when it takes the stream to
    // lz4_first_below of its size, order-0 coding is not tried at all.
    const bool lz4_first = try_lz4 && policy.lz4_first_below > 0;
    if (lz4_first)
      consider(StreamCoding::kLz4, ext::lz4_encode(ws, src, n, policy.lz4_level, halves[free_half], best_size - 1));
    const bool lz4_enough = lz4_first && best_size <= policy.lz4_first_below * static_cast<double>(n);
    // The entropy coder estimates from its histogram before building any
    // table, and gives up (no fit) when raw would be as small.
    if (policy.entropy && !lz4_enough &&
        !(policy.screen && entropy::looks_incompressible(src, n, policy.screen_bits))) {
      entropy::EncodeOptions options;
      options.wide_min_payload = policy.wide_min_payload;
      options.fast_normalize = policy.fast_normalize;
      options.max_table_log = policy.max_table_log;
      consider(StreamCoding::kEntropy, entropy::encode(src, n, halves[free_half], best_size - 1, options));
    }
    if (try_lz4 && !lz4_first)
      consider(StreamCoding::kLz4, ext::lz4_encode(ws, src, n, policy.lz4_level, halves[free_half], best_size - 1));
    if (policy.zstd_level > 0)
      consider(StreamCoding::kZstd, ext::zstd_encode(ws, src, n, policy.zstd_level, halves[free_half], best_size - 1));
  }
  return put_stream(best, best_data, best_size, dst, cap);
}

size_t read_stream(Workspace& ws, const uint8_t* src, size_t src_size, uint8_t* dst, size_t n) {
  const uint8_t* data = nullptr;
  const size_t used = read_stream(ws, src, src_size, dst, n, &data);
  if (!is_error(used) && data != dst && n != 0) std::memcpy(dst, data, n);
  return used;
}

size_t read_stream(Workspace& ws, const uint8_t* src, size_t src_size, uint8_t* dst, size_t n,
                   const uint8_t** data) {
  *data = dst;
  CDMA_RETURN_ERROR_IF(src_size < 2, corruption_detected);
  const uint8_t coding = src[0];
  uint64_t size = 0;
  const uint8_t* p = src + 1;
  CDMA_RETURN_ERROR_IF(!runs::read_varint(p, src + src_size, size), corruption_detected);
  const size_t h = static_cast<size_t>(p - src);
  CDMA_RETURN_ERROR_IF(size > src_size - h, corruption_detected);
  const uint8_t* body = src + h;
  switch (static_cast<StreamCoding>(coding)) {
    case StreamCoding::kRaw:
      CDMA_RETURN_ERROR_IF(size != n, corruption_detected);
      *data = body;
      break;
    case StreamCoding::kEntropy:
      CDMA_FORWARD_IF_ERROR(entropy::decode(body, size, dst, n));
      break;
    case StreamCoding::kLz4:
      CDMA_FORWARD_IF_ERROR(ext::lz4_decode(body, size, dst, n));
      break;
    case StreamCoding::kZstd:
      CDMA_FORWARD_IF_ERROR(ext::zstd_decode(ws, body, size, dst, n));
      break;
    default:
      return make_error(CDMA_ERROR_corruption_detected);
  }
  return h + size;
}

}  // namespace cdma

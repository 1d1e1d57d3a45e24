#include <cstring>

#include "codecs/byteplane/byteplane.hpp"
#include "codecs/codec.hpp"
#include "codecs/workspace.hpp"
#include "codecs/zvc/zvc.hpp"
#include "codecs/split/repeat_mask.hpp"
#include "codecs/split/split_codec.hpp"
#include "codecs/split/stream_coding.hpp"
#include "codecs/split/value_match.hpp"
#include "codecs/runs/varint.hpp"

namespace cdma::split {

size_t encode(Workspace& ws, const uint8_t* src, size_t size, unsigned width, int level, uint8_t* dst,
              size_t cap) {
  const size_t n = size / width;
  const size_t tail = size % width;
  const size_t mb = zvc::mask_bytes(n);
  const SplitPlan plan = split_plan_for_level(level);
  const bool repeat = plan.repeat;
  // Matches only for 4- and 8-byte elements: a 2-byte literal costs little
  // more than a match's flag and distance (bench/level-design.md).
  const bool match = plan.match && width >= 4;

  // 1. ZVC: mask, then the nonzero values packed.
  uint8_t* zvc_buf = ws.scratch(ScratchSlot::kZvc, mb + n * width);
  // Scratch read again right away: ordinary stores keep it in cache.
  const size_t zvc_size = zvc::encode(src, n * width, width, zvc_buf, mb + n * width, zvc::Store::kCached);
  const size_t nnz = (zvc_size - mb) / width;
  const uint8_t* values = zvc_buf + mb;

  // 2. Optional repeat mask over the nonzero values.
  const size_t lmb = (nnz + 7) / 8;
  size_t lits = nnz;
  uint8_t* lit_mask = nullptr;
  if (repeat) {
    lit_mask = ws.scratch(ScratchSlot::kValues, lmb + nnz * width);
    lits = extract_literals(values, nnz, width, lit_mask, lit_mask + lmb);
    values = lit_mask + lmb;
  }

  // 3. Optional match step over the literals: new mask, distances, and the
  //    new values that remain.
  const size_t nmb = (lits + 7) / 8;
  size_t matches = 0;
  uint8_t* new_mask = nullptr;
  if (match) {
    new_mask = ws.scratch(ScratchSlot::kMatches, nmb + lits + lits * width);
    uint8_t* const new_values = new_mask + nmb + lits;
    lits = extract_matches(values, lits, width, new_mask, new_mask + nmb, new_values, &matches);
    values = new_values;
  }

  // 4. Streams: the masks first.
  const StreamPolicy mask_policy = stream_policy_for_level(level, StreamKind::kMask);
  const StreamPolicy match_policy = stream_policy_for_level(level, StreamKind::kMatch);
  const StreamPolicy plane_policy =
      stream_policy_for_level(level, match ? StreamKind::kMatchedPlane : StreamKind::kPlane);
  if (cap < 1 + tail) return kCodecNoFit;
  size_t pos = 0;
  dst[pos++] = static_cast<uint8_t>((repeat ? kFlagRepeat : 0) | (match ? kFlagMatch : 0));
  auto put = [&](const uint8_t* s, size_t len, const StreamPolicy& policy) {
    const size_t w = write_stream(ws, s, len, policy, dst + pos, cap - tail - pos);
    if (w == kCodecNoFit) return false;
    pos += w;
    return true;
  };
  if (!put(zvc_buf, mb, mask_policy)) return kCodecNoFit;
  if (repeat && !put(lit_mask, lmb, mask_policy)) return kCodecNoFit;
  if (match && !(put(new_mask, nmb, match_policy) && put(new_mask + nmb, matches, match_policy))) return kCodecNoFit;

  // 5. Byte planes of the new values, then their streams. When the planes
  //    fit dst as raw streams, they are split straight to those places: a
  //    plane that stays raw (most bytes of floats) is then never copied, and
  //    one that is coded moves the later ones down by what it saved.
  uint8_t head[1 + runs::kVarintMaxBytes];
  const size_t raw_head = static_cast<size_t>(runs::write_varint(head + 1, lits) - head);
  const bool in_place = pos + width * (raw_head + lits) + tail <= cap;
  uint8_t* planes[8];
  uint8_t* const planes_buf = in_place ? dst + pos + raw_head : ws.scratch(ScratchSlot::kPlanes, lits * width);
  const size_t plane_step = in_place ? raw_head + lits : lits;
  for (unsigned k = 0; k < width; ++k) planes[k] = planes_buf + k * plane_step;
  byteplane::split(values, lits, width, planes);
  for (unsigned k = 0; k < width; ++k)
    if (!put(planes[k], lits, plane_policy)) return kCodecNoFit;
  if (tail) std::memcpy(dst + pos, src + n * width, tail);  // src may be null when empty
  return pos + tail;
}

}  // namespace cdma::split

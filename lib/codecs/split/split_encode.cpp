#include <cstring>

#include "codecs/byteplane/byteplane.hpp"
#include "codecs/registry.hpp"
#include "codecs/zvc/zvc.hpp"
#include "codecs/split/repeat_mask.hpp"
#include "codecs/split/scratch.hpp"
#include "codecs/split/split_codec.hpp"
#include "codecs/split/stream_coding.hpp"

namespace cdma::split {

size_t encode(const uint8_t* src, size_t size, unsigned width, int level, uint8_t* dst,
              size_t cap) {
  const size_t n = size / width;
  const size_t tail = size % width;
  const size_t mb = zvc::mask_bytes(n);
  const bool repeat = level >= 3;

  // 1. ZVC: mask, then the nonzero values packed.
  uint8_t* zvc_buf = scratch(ScratchSlot::kZvc, mb + n * width);
  // Scratch read again right away: ordinary stores keep it in cache.
  const size_t zvc_size = zvc::encode(src, n * width, width, zvc_buf, mb + n * width, zvc::Store::kCached);
  const size_t nnz = (zvc_size - mb) / width;
  const uint8_t* values = zvc_buf + mb;

  // 2. Optional repeat mask over the nonzero values.
  const size_t lmb = (nnz + 7) / 8;
  size_t lits = nnz;
  uint8_t* lit_mask = nullptr;
  if (repeat) {
    lit_mask = scratch(ScratchSlot::kValues, lmb + nnz * width);
    lits = extract_literals(values, nnz, width, lit_mask, lit_mask + lmb);
    values = lit_mask + lmb;
  }

  // 3. Byte planes of the literal values.
  uint8_t* planes_buf = scratch(ScratchSlot::kPlanes, lits * width);
  uint8_t* planes[8];
  for (unsigned k = 0; k < width; ++k) planes[k] = planes_buf + k * lits;
  byteplane::split(values, lits, width, planes);

  // 4. Streams.
  const StreamPolicy mask_policy = stream_policy_for_level(level, true);
  const StreamPolicy plane_policy = stream_policy_for_level(level, false);
  if (cap < 1 + tail) return kCodecNoFit;
  size_t pos = 0;
  dst[pos++] = repeat ? kFlagRepeat : 0;
  auto put = [&](const uint8_t* s, size_t len, const StreamPolicy& policy) {
    const size_t w = write_stream(s, len, policy, dst + pos, cap - tail - pos);
    if (w == kCodecNoFit) return false;
    pos += w;
    return true;
  };
  if (!put(zvc_buf, mb, mask_policy)) return kCodecNoFit;
  if (repeat && !put(lit_mask, lmb, mask_policy)) return kCodecNoFit;
  for (unsigned k = 0; k < width; ++k)
    if (!put(planes[k], lits, plane_policy)) return kCodecNoFit;
  if (tail) std::memcpy(dst + pos, src + n * width, tail);  // src may be null when empty
  return pos + tail;
}

}  // namespace cdma::split

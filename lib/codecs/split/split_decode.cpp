#include <cstring>

#include "codecs/byteplane/byteplane.hpp"
#include "codecs/zvc/zvc.hpp"
#include "common/error.hpp"
#include "codecs/split/repeat_mask.hpp"
#include "codecs/split/split_codec.hpp"
#include "codecs/split/stream_coding.hpp"
#include "codecs/split/value_match.hpp"
#include "codecs/workspace.hpp"

namespace cdma::split {
namespace {

// Reads a mask stream over `count` items (ceil(count / 8) bytes) into buf
// and checks it: bits past the last item must be 0 and, when
// `first_set`, bit 0 must be 1 (the first item has nothing before it to
// repeat or copy). Returns the number of 1 bits, or an error; *p advances.
size_t read_mask(Workspace& ws, const uint8_t** p, const uint8_t* end, uint8_t* buf, size_t count, bool first_set) {
  const size_t bytes = (count + 7) / 8;
  const size_t used = read_stream(ws, *p, static_cast<size_t>(end - *p), buf, bytes);
  CDMA_FORWARD_IF_ERROR(used);
  *p += used;
  CDMA_RETURN_ERROR_IF(first_set && count > 0 && !(buf[0] & 1), corruption_detected);
  if (count % 8) CDMA_RETURN_ERROR_IF(buf[bytes - 1] >> (count % 8), corruption_detected);
  return zvc::count_mask_bits(buf, bytes);
}

// decode() and decode_to_cache(); `store` is how the last step, the ZVC
// expansion, writes dst.
size_t decode_with(Workspace& ws, const uint8_t* src, size_t src_size, unsigned width, uint8_t* dst, size_t dst_size,
                   zvc::Store store) {
  const size_t n = dst_size / width;
  const size_t tail = dst_size % width;
  const size_t mb = zvc::mask_bytes(n);
  CDMA_RETURN_ERROR_IF(src_size < 1 + tail, corruption_detected);
  const uint8_t flags = src[0];
  CDMA_RETURN_ERROR_IF(flags & ~(kFlagRepeat | kFlagMatch), reserved_bits_set);
  const bool repeat = (flags & kFlagRepeat) != 0;
  const bool match = (flags & kFlagMatch) != 0;
  const uint8_t* const end = src + src_size - tail;  // streams end where the tail starts
  const uint8_t* p = src + 1;

  // The block is rebuilt as a ZVC payload (mask | values | tail), which the
  // ZVC decoder validates and expands. Every stream size read below is
  // checked against the sizes the mask implies before it is used.
  uint8_t* zvc_buf = ws.scratch(ScratchSlot::kZvc, mb + n * width + tail);
  const size_t nnz = read_mask(ws, &p, end, zvc_buf, n, false);
  CDMA_FORWARD_IF_ERROR(nnz);
  uint8_t* values = zvc_buf + mb;

  size_t lits = nnz;
  const size_t lmb = (nnz + 7) / 8;
  uint8_t* lit_buf = nullptr;
  if (repeat) {
    lit_buf = ws.scratch(ScratchSlot::kValues, lmb + nnz * width);
    lits = read_mask(ws, &p, end, lit_buf, nnz, true);
    CDMA_FORWARD_IF_ERROR(lits);
  }

  // The literals: the values themselves, or, with matches, the new values
  // (`fresh` of them) plus a distance per copied literal.
  size_t fresh = lits;
  const size_t nmb = (lits + 7) / 8;
  uint8_t* match_buf = nullptr;
  const uint8_t* distances = nullptr;
  if (match) {
    match_buf = ws.scratch(ScratchSlot::kMatches, nmb + lits + lits * width);
    fresh = read_mask(ws, &p, end, match_buf, lits, true);
    CDMA_FORWARD_IF_ERROR(fresh);
    // Layout: new mask | new values (a ZVC payload) | distances.
    const size_t used =
        read_stream(ws, p, static_cast<size_t>(end - p), match_buf + nmb + lits * width, lits - fresh, &distances);
    CDMA_FORWARD_IF_ERROR(used);
    p += used;
  }

  uint8_t* planes_buf = ws.scratch(ScratchSlot::kPlanes, fresh * width);
  const uint8_t* planes[8];
  for (unsigned k = 0; k < width; ++k) {
    // Raw planes are joined straight from the payload, without a copy.
    const size_t used = read_stream(ws, p, static_cast<size_t>(end - p), planes_buf + k * fresh, fresh, &planes[k]);
    CDMA_FORWARD_IF_ERROR(used);
    p += used;
  }
  CDMA_RETURN_ERROR_IF(p != end, corruption_detected);

  // Where the literals go: after the literal mask with repeats (for the
  // repeat expansion below), else straight into the nonzero values.
  uint8_t* const literals = repeat ? lit_buf + lmb : values;
  if (match) {
    // New values after the new mask, expanded by ZVC to their literal
    // positions, then the copies filled in.
    byteplane::join(planes, fresh, width, match_buf + nmb);
    CDMA_FORWARD_IF_ERROR(zvc::decode(match_buf, nmb + fresh * width, width, literals, lits * width,
                                      zvc::Store::kCached));
    CDMA_RETURN_ERROR_IF(!fill_matches(match_buf, lits, width, distances, literals), corruption_detected);
  }

  if (repeat) {
    if (!match) byteplane::join(planes, lits, width, literals);
    // read_mask counted the literals and checked the mask's unused bits and
    // first bit, which is all the expansion relies on.
    zvc::expand_repeats(lit_buf, literals, lits, nnz, width, values);
  } else if (!match) {
    byteplane::join(planes, lits, width, values);
  }
  std::memcpy(values + nnz * width, end, tail);
  return zvc::decode(zvc_buf, mb + nnz * width + tail, width, dst, dst_size, store);
}

}  // namespace

size_t decode(Workspace& ws, const uint8_t* src, size_t src_size, unsigned width, uint8_t* dst,
              size_t dst_size) {
  return decode_with(ws, src, src_size, width, dst, dst_size, zvc::Store::kAuto);
}

size_t decode_to_cache(Workspace& ws, const uint8_t* src, size_t src_size, unsigned width, uint8_t* dst,
                       size_t dst_size) {
  return decode_with(ws, src, src_size, width, dst, dst_size, zvc::Store::kCached);
}

}  // namespace cdma::split

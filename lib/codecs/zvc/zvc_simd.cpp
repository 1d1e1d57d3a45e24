// Highway dynamic dispatch for ZVC: foreach_target compiles this file once
// per target; encode()/decode() pick the best one the CPU supports, once per
// block, and let the scalar reference finish what the kernels leave.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "codecs/zvc/zvc_simd.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep

#include <hwy/cache_control.h>
#include <hwy/highway.h>

#include "codecs/zvc/zvc_avx512.hpp"
#include "codecs/zvc/zvc_kernels-inl.h"

HWY_BEFORE_NAMESPACE();
namespace cdma::zvc::HWY_NAMESPACE {

#if HWY_TARGET != HWY_SCALAR
// AVX-512's register compress/expand (zvc_avx512.hpp) where this is the
// AVX3 target and the CPU has them for the width; other targets, and the
// groups those kernels leave, go through the Highway kernels.
constexpr bool kAvx512Target = HWY_TARGET == HWY_AVX3 || HWY_TARGET == HWY_AVX3_DL;

// The Highway encode kernel for `width`: selecting nonzero elements (ZVC)
// or, with kVsPrevious, elements that differ from the one before (repeat mask).
template <bool kVsPrevious>
size_t highway_select_groups(const uint8_t* src, size_t groups, unsigned width, uint8_t* mask,
                             uint8_t* values, const uint8_t* values_end, size_t* groups_done) {
  switch (width) {
    case 1: return encode_groups_bytes<1, kVsPrevious>(src, groups, mask, values, values_end, groups_done);
    case 2: return encode_groups_bytes<2, kVsPrevious>(src, groups, mask, values, values_end, groups_done);
    case 4: return encode_groups_lanes<1, kVsPrevious>(src, groups, mask, values, values_end, groups_done);
    default: return encode_groups_lanes<2, kVsPrevious>(src, groups, mask, values, values_end, groups_done);
  }
}

// The encode kernels for `width`: AVX-512 where it can, then Highway.
template <bool kVsPrevious>
size_t select_groups(const uint8_t* src, size_t groups, unsigned width, uint8_t* mask, uint8_t* values,
                     const uint8_t* values_end, size_t* groups_done) {
  size_t done = 0, bytes = 0;
  if (kAvx512Target && avx512::supported(width)) {
    bytes = avx512::encode_groups(src, groups, width, kVsPrevious, mask, values, values_end, &done);
    if (done == groups) {
      *groups_done = done;
      return bytes;
    }
  }
  size_t more = 0;
  bytes += highway_select_groups<kVsPrevious>(src + done * 8 * width, groups - done, width, mask + done,
                                              values + bytes, values_end, &more);
  *groups_done = done + more;
  return bytes;
}
#endif

// Encodes whole groups of 8 elements; returns value bytes written. With
// `stream`, the values reach dst through streaming stores.
size_t EncodeGroups(const uint8_t* src, size_t groups, unsigned width, uint8_t* mask,
                    uint8_t* values, const uint8_t* values_end, bool stream, size_t* groups_done) {
#if HWY_TARGET == HWY_SCALAR
  // One-lane vectors gain nothing over the reference; it does all the work.
  (void)src, (void)groups, (void)width, (void)mask, (void)values, (void)values_end, (void)stream;
  *groups_done = 0;
  return 0;
#else
  const auto kernel = [&](size_t first, uint8_t* out, const uint8_t* out_end, size_t* done) -> size_t {
    return select_groups<false>(src + first * 8 * width, groups - first, width, mask + first, out, out_end,
                                done);
  };
  if (stream) return encode_staged(kernel, groups, values, values_end, groups_done);
  return kernel(0, values, values_end, groups_done);
#endif
}

// The repeat-mask kernel of the split codec (zvc.hpp, extract_changed_groups).
size_t ExtractChangedGroups(const uint8_t* src, size_t groups, unsigned width, uint8_t* mask,
                            uint8_t* values, const uint8_t* values_end, size_t* groups_done) {
#if HWY_TARGET == HWY_SCALAR
  (void)src, (void)groups, (void)width, (void)mask, (void)values, (void)values_end;
  *groups_done = 0;
  return 0;
#else
  return select_groups<true>(src, groups, width, mask, values, values_end, groups_done);
#endif
}

#if HWY_TARGET != HWY_SCALAR
template <Out kOut>
size_t highway_decode_groups(const uint8_t* mask, const uint8_t* values, const uint8_t* values_end,
                             size_t groups, unsigned width, uint8_t* dst, size_t* groups_done) {
  switch (width) {
    case 1: return decode_groups_bytes<1, kOut>(mask, values, values_end, groups, dst, groups_done);
    case 2: return decode_groups_bytes<2, kOut>(mask, values, values_end, groups, dst, groups_done);
    case 4: return decode_groups_lanes<1, kOut>(mask, values, values_end, groups, dst, groups_done);
    default: return decode_groups_lanes<2, kOut>(mask, values, values_end, groups, dst, groups_done);
  }
}

// The decode kernels for `width`: AVX-512 where it can, then Highway.
// Streamed output needs 64-byte aligned vector stores there, so the
// Highway kernel first decodes the groups up to the first 64-byte boundary
// of dst (when group sizes can reach it).
template <Out kOut>
size_t decode_groups(const uint8_t* mask, const uint8_t* values, const uint8_t* values_end, size_t groups,
                     unsigned width, uint8_t* dst, size_t* groups_done) {
  size_t done = 0, bytes = 0;
  if (kAvx512Target && avx512::supported(width)) {
    const size_t group_bytes = 8 * width;
    const size_t to_line = (64 - reinterpret_cast<uintptr_t>(dst) % 64) % 64;
    if (kOut == Out::kStore) {
      bytes = avx512::decode_groups(mask, values, values_end, groups, width, dst, false, &done);
    } else if (to_line % group_bytes == 0) {
      const size_t lead = std::min(groups, to_line / group_bytes);
      bytes = highway_decode_groups<kOut>(mask, values, values_end, lead, width, dst, &done);
      if (done == lead) {
        size_t more = 0;
        bytes += avx512::decode_groups(mask + done, values + bytes, values_end, groups - done, width,
                                       dst + done * group_bytes, true, &more);
        done += more;
      }
    }
    if (done == groups) {
      *groups_done = done;
      return bytes;
    }
  }
  size_t more = 0;
  bytes += highway_decode_groups<kOut>(mask + done, values + bytes, values_end, groups - done, width,
                                       dst + done * 8 * width, &more);
  *groups_done = done + more;
  return bytes;
}
#endif

// Decodes whole groups of 8 elements; returns value bytes consumed. With
// `stream`, streams the output if dst is aligned to at least 16 bytes.
size_t DecodeGroups(const uint8_t* mask, const uint8_t* values, const uint8_t* values_end,
                    size_t groups, unsigned width, uint8_t* dst, bool stream, size_t* groups_done) {
#if HWY_TARGET == HWY_SCALAR
  (void)mask, (void)values, (void)values_end, (void)groups, (void)width, (void)dst, (void)stream;
  *groups_done = 0;
  return 0;
#else
  const size_t vector_bytes = width >= 4 ? hn::Lanes(hn::CappedTag<uint32_t, 8>()) * 4 : 16;
  const uintptr_t address = reinterpret_cast<uintptr_t>(dst);
  if (!stream || address % 16 != 0)
    return decode_groups<Out::kStore>(mask, values, values_end, groups, width, dst, groups_done);
  const size_t r =
      address % vector_bytes == 0
          ? decode_groups<Out::kStream>(mask, values, values_end, groups, width, dst, groups_done)
          : decode_groups<Out::kStreamHalves>(mask, values, values_end, groups, width, dst,
                                              groups_done);
  // Streaming stores are weakly ordered: fence before anyone reads dst.
  hwy::FlushStream();
  return r;
#endif
}

// The repeat expansion's whole groups (zvc.hpp, expand_repeats); returns
// value bytes consumed. Widths 1 and 8 are left to the scalar reference.
size_t ExpandRepeatGroups(const uint8_t* mask, const uint8_t* values, const uint8_t* values_end,
                          size_t groups, unsigned width, uint8_t* dst, size_t* groups_done) {
#if HWY_TARGET == HWY_SCALAR
  (void)mask, (void)values, (void)values_end, (void)groups, (void)width, (void)dst;
  *groups_done = 0;
  return 0;
#else
  switch (width) {
    case 2: return expand_repeat_groups<2>(mask, values, values_end, groups, dst, groups_done);
    case 4: return expand_repeat_groups<4>(mask, values, values_end, groups, dst, groups_done);
    default: *groups_done = 0; return 0;
  }
#endif
}

size_t CountMaskBits(const uint8_t* mask, size_t bytes) {
#if HWY_TARGET == HWY_SCALAR
  size_t total = 0;
  for (size_t i = 0; i < bytes; ++i) total += tables::kPopcount8.v[mask[i]];
  return total;
#else
  return count_mask_bits(mask, bytes);
#endif
}

}  // namespace cdma::zvc::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include <cstring>

#include "codecs/zvc/zvc.hpp"
#include "codecs/zvc/zvc_scalar_impl.hpp"
#include "common/error.hpp"
#include "simd/dispatch.hpp"

namespace cdma::zvc {

HWY_EXPORT(EncodeGroups);
HWY_EXPORT(DecodeGroups);
HWY_EXPORT(CountMaskBits);
HWY_EXPORT(ExtractChangedGroups);
HWY_EXPORT(ExpandRepeatGroups);

size_t count_mask_bits(const uint8_t* mask, size_t bytes) { return CDMA_DYNAMIC_DISPATCH(CountMaskBits)(mask, bytes); }

void expand_repeats(const uint8_t* mask, const uint8_t* values, size_t literal_count, size_t count, unsigned width,
                    uint8_t* dst) {
  // Group 0 in scalar code: its first element is a literal, after which
  // the kernel may always read the element before its input.
  const size_t head = count < 8 ? count : 8;
  size_t used = expand_repeats_scalar_from(mask, values, 0, head, width, dst);
  if (count <= 8 || !(mask[0] & 1)) {
    expand_repeats_scalar_from(mask, values + used, head, count, width, dst);
    return;
  }
  size_t groups_done = 0;
  used += CDMA_DYNAMIC_DISPATCH(ExpandRepeatGroups)(mask + 1, values + used, values + literal_count * width,
                                                   (count - 8) / 8, width, dst + 8 * width, &groups_done);
  expand_repeats_scalar_from(mask, values + used, 8 + groups_done * 8, count, width, dst);
}

size_t extract_changed_groups(const uint8_t* src, size_t groups, unsigned width, uint8_t* mask,
                              uint8_t* values, const uint8_t* values_end, size_t* groups_done) {
  return CDMA_DYNAMIC_DISPATCH(ExtractChangedGroups)(src, groups, width, mask, values, values_end,
                                                    groups_done);
}

// Streaming stores bypass the cache: for output larger than the caches
// they save the read for ownership of every line, which takes ZVC from
// well below to above memcpy's speed (memcpy streams large copies too;
// figures: bench/kernel-design.md), but output that fits in cache and is
// read soon after must come back from DRAM. zvc.hpp sees one block, not the
// whole job, so the block size is the only hint: blocks this large are
// taken to be parts of large buffers.
constexpr size_t kStreamMinBytes = size_t{64} << 10;

size_t encode(const uint8_t* src, size_t size, unsigned width, uint8_t* dst, size_t dst_capacity,
              Store store) {
  const size_t n = size / width;
  const size_t mb = mask_bytes(n);
  const size_t tail = size % width;
  if (dst_capacity < mb + tail) return kNoFit;
  uint8_t* values = dst + mb;
  const uint8_t* values_end = dst + dst_capacity - tail;
  size_t groups_done = 0;
  const size_t simd_bytes =
      CDMA_DYNAMIC_DISPATCH(EncodeGroups)(src, n / 8, width, dst, values, values_end,
                                         store == Store::kAuto && size >= kStreamMinBytes, &groups_done);
  std::memset(dst + groups_done, 0, mb - groups_done);
  const size_t rest = encode_elements_scalar(src, groups_done * 8, n, width, dst,
                                             values + simd_bytes, values_end);
  if (rest == kNoFit) return kNoFit;
  if (tail) std::memcpy(values + simd_bytes + rest, src + n * width, tail);  // src may be null when empty
  return mb + simd_bytes + rest + tail;
}

size_t encode(const uint8_t* src, size_t size, unsigned width, uint8_t* dst, size_t dst_capacity) {
  return encode(src, size, width, dst, dst_capacity, Store::kAuto);
}

size_t decode(const uint8_t* src, size_t src_size, unsigned width, uint8_t* dst, size_t dst_size) {
  return decode(src, src_size, width, dst, dst_size, Store::kAuto);
}

size_t decode(const uint8_t* src, size_t src_size, unsigned width, uint8_t* dst, size_t dst_size,
              Store store) {
  const size_t n = dst_size / width;
  const size_t mb = mask_bytes(n);
  // The checks of validate_payload(), in the same order, with the mask
  // counted by the SIMD target: the reference counts a byte per call to
  // libgcc's __popcountdi2 (no POPCNT in the baseline ISA), which took
  // longer than the decode itself.
  const size_t tail = dst_size % width;
  CDMA_RETURN_ERROR_IF(src_size < mb + tail, corruption_detected);
  const size_t nnz = count_mask_bits(src, mb);
  if (n % 8 != 0) CDMA_RETURN_ERROR_IF(src[mb - 1] >> (n % 8), corruption_detected);
  CDMA_RETURN_ERROR_IF(src_size != mb + nnz * width + tail, corruption_detected);
  const uint8_t* values = src + mb;
  const uint8_t* values_end = values + nnz * width;
  const bool stream = store == Store::kAuto && dst_size >= kStreamMinBytes;
  size_t groups_done = 0;
  size_t simd_bytes = CDMA_DYNAMIC_DISPATCH(DecodeGroups)(src, values, values_end, n / 8, width,
                                                         dst, stream, &groups_done);
  const size_t left = static_cast<size_t>(values_end - (values + simd_bytes));
  if (groups_done < n / 8 && left < 8 * width) {
    // The kernel stops when fewer than one group of values is left, which in
    // a sparse block can leave thousands of elements. Those last values fit
    // in a zero-padded copy that full-vector loads may overrun safely.
    alignas(64) uint8_t pad[128] = {};
    std::memcpy(pad, values + simd_bytes, left);
    size_t more_groups = 0;
    simd_bytes += CDMA_DYNAMIC_DISPATCH(DecodeGroups)(src + groups_done, pad, pad + sizeof(pad),
                                                     n / 8 - groups_done, width,
                                                     dst + groups_done * 8 * width, stream,
                                                     &more_groups);
    groups_done += more_groups;
  }
  decode_elements_scalar(src, values + simd_bytes, groups_done * 8, n, width, dst);
  if (dst_size % width) std::memcpy(dst + n * width, values_end, dst_size % width);  // dst may be null
  return dst_size;
}

}  // namespace cdma::zvc
#endif  // HWY_ONCE

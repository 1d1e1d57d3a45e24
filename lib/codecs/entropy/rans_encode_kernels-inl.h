// SIMD encoding of wide (32-lane) rANS streams, compiled once per Highway
// target (see rans_simd.cpp). Produces exactly the scalar reference's bytes.
//
// A group of 32 symbols is handled as 32 / V vectors of V = 4 or 8 lanes.
// Per vector:
//   gather two words per symbol: rcp and f | c << 12 | l << 24 (EncTable);
//   emit:  lanes with x >= f << (31 - T) give their low 16 bits, compressed
//          into lane order, and shift x right by 16;
//   step:  x += c + q * (M - f) with q = x / f = ((x * rcp) >> 31) >> l,
//          the 32x32->64-bit products taken on even and odd lanes.
// The decoder reads a group's words in lane order, so each vector appends
// its words to a small buffer in lane order, and the group's block is then
// copied below the blocks of the later groups with one fixed 64-byte copy
// ending at the current position: its junk start lands in free space that
// the earlier groups overwrite.
//
// Per-target include guard, as Highway requires for -inl.h files.
#if defined(CDMA_RANS_ENCODE_KERNELS_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef CDMA_RANS_ENCODE_KERNELS_INL_H_
#undef CDMA_RANS_ENCODE_KERNELS_INL_H_
#else
#define CDMA_RANS_ENCODE_KERNELS_INL_H_
#endif

#include <cstring>

#include <hwy/highway.h>

#include "codecs/entropy/entropy.hpp"
#include "codecs/entropy/rans.hpp"
#include "codecs/entropy/rans_encode_impl.hpp"

HWY_BEFORE_NAMESPACE();
namespace cdma::entropy::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;
#if HWY_TARGET != HWY_SCALAR && !HWY_HAVE_SCALABLE

// One vector of lanes: emits its words at block + *used, returns the new
// states.
template <unsigned kLog, class D, class V = hn::Vec<D>>
HWY_INLINE V encode_vector(D d, V x, const uint8_t* syms, const EncTable& t, uint16_t* block,
                           size_t* used) {
  const hn::RebindToSigned<D> di;
  const hn::Rebind<uint16_t, D> d16;
  const hn::Rebind<uint8_t, D> d8;
  const hn::Repartition<uint64_t, D> d64;
  const auto s = hn::BitCast(di, hn::PromoteTo(d, hn::LoadU(d8, syms)));
  const auto rcp = hn::GatherIndex(d, t.rcp, s);
  const auto packed = hn::GatherIndex(d, t.packed, s);
  const auto f = hn::And(packed, hn::Set(d, 0xFFF));

  // States and thresholds are below 2^31, so the signed compare is exact.
  const auto x_max = hn::ShiftLeft<31 - kLog>(f);
  const auto emit = hn::RebindMask(d, hn::Gt(hn::BitCast(di, x), hn::BitCast(di, hn::Sub(x_max, hn::Set(d, 1)))));
  const auto low_words = hn::Compress(hn::And(x, hn::Set(d, 0xFFFF)), emit);
  hn::StoreU(hn::TruncateTo(d16, low_words), d16, block + *used);
  *used += hn::CountTrue(d, emit);
  const auto xe = hn::IfThenElse(emit, hn::ShiftRight<16>(x), x);

  const auto even = hn::ShiftRight<31>(hn::MulEven(xe, rcp));
  const auto odd = hn::ShiftRight<31>(hn::MulEven(hn::BitCast(d, hn::ShiftRight<32>(hn::BitCast(d64, xe))),
                                                  hn::BitCast(d, hn::ShiftRight<32>(hn::BitCast(d64, rcp)))));
  const auto q = hn::OddEven(hn::BitCast(d, hn::ShiftLeft<32>(odd)), hn::BitCast(d, even));
  const auto quotient = q >> hn::ShiftRight<24>(packed);
  const auto cum = hn::And(hn::ShiftRight<12>(packed), hn::Set(d, 0xFFF));
  return hn::Add(hn::Add(xe, cum), hn::Mul(quotient, hn::Sub(hn::Set(d, 1u << kLog), f)));
}

// Codes whole groups from the cursor, last first, while a whole group's
// words (and the 64-byte block copy) fit; advances the cursor.
template <unsigned kLog>
void encode_wide_groups(const uint8_t* src, const EncTable& t, EncodeCursor* c) {
  const hn::CappedTag<uint32_t, 8> d;
  size_t w = c->w;
  size_t i = c->i;
  uint32_t* xs = c->x;
  // 32 words of slack below the block (read by the copy), the block, and
  // room for a last full-vector store past it.
  uint16_t buf[kLanesWide + kLanesWide + 8] = {};
  uint16_t* const block = buf + kLanesWide;
  const auto group = [&](auto&& code_vectors) HWY_ATTR {
    for (; i > 0 && w >= kLanesWide; i -= kLanesWide) {
      size_t used = 0;
      code_vectors(src + i - kLanesWide, &used);
      std::memcpy(c->words + 2 * (w - kLanesWide), block + used - kLanesWide, 2 * kLanesWide);
      w -= used;
    }
  };
  // States live in named vectors (an array would be kept in memory).
  if constexpr (hn::MaxLanes(d) == 8) {
    auto x0 = hn::LoadU(d, xs), x1 = hn::LoadU(d, xs + 8), x2 = hn::LoadU(d, xs + 16),
         x3 = hn::LoadU(d, xs + 24);
    group([&](const uint8_t* g, size_t* used) HWY_ATTR {
      x0 = encode_vector<kLog>(d, x0, g, t, block, used);
      x1 = encode_vector<kLog>(d, x1, g + 8, t, block, used);
      x2 = encode_vector<kLog>(d, x2, g + 16, t, block, used);
      x3 = encode_vector<kLog>(d, x3, g + 24, t, block, used);
    });
    hn::StoreU(x0, d, xs), hn::StoreU(x1, d, xs + 8), hn::StoreU(x2, d, xs + 16), hn::StoreU(x3, d, xs + 24);
  } else {  // 128-bit targets: 8 vectors of 4 lanes
    auto x0 = hn::LoadU(d, xs), x1 = hn::LoadU(d, xs + 4), x2 = hn::LoadU(d, xs + 8),
         x3 = hn::LoadU(d, xs + 12), x4 = hn::LoadU(d, xs + 16), x5 = hn::LoadU(d, xs + 20),
         x6 = hn::LoadU(d, xs + 24), x7 = hn::LoadU(d, xs + 28);
    group([&](const uint8_t* g, size_t* used) HWY_ATTR {
      x0 = encode_vector<kLog>(d, x0, g, t, block, used);
      x1 = encode_vector<kLog>(d, x1, g + 4, t, block, used);
      x2 = encode_vector<kLog>(d, x2, g + 8, t, block, used);
      x3 = encode_vector<kLog>(d, x3, g + 12, t, block, used);
      x4 = encode_vector<kLog>(d, x4, g + 16, t, block, used);
      x5 = encode_vector<kLog>(d, x5, g + 20, t, block, used);
      x6 = encode_vector<kLog>(d, x6, g + 24, t, block, used);
      x7 = encode_vector<kLog>(d, x7, g + 28, t, block, used);
    });
    hn::StoreU(x0, d, xs), hn::StoreU(x1, d, xs + 4), hn::StoreU(x2, d, xs + 8), hn::StoreU(x3, d, xs + 12);
    hn::StoreU(x4, d, xs + 16), hn::StoreU(x5, d, xs + 20), hn::StoreU(x6, d, xs + 24), hn::StoreU(x7, d, xs + 28);
  }
  c->w = w;
  c->i = i;
}

#endif  // HWY_TARGET != HWY_SCALAR && !HWY_HAVE_SCALABLE
}  // namespace cdma::entropy::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // include guard

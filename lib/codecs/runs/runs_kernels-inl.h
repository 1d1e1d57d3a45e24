// Run-scanning kernels, compiled once per Highway target by the files that
// include them (runs_simd.cpp, zrle_simd.cpp).
//
// Runs are found a 64-bit bitmap word at a time: a word holds one flag per
// element of a 64-element group (nonzero, or "equal to the next byte"),
// built from whole-vector compares and StoreMaskBits. A run boundary is then
// a count of trailing zeros, so short runs cost a few instructions each and
// a long run costs one compare per vector. The walkers of run_walk.hpp and
// rle_bytes_tokens.hpp take these Finders, exactly as the scalar references
// take their element loops.
//
// Per-target include guard, as Highway requires for -inl.h files.
#if defined(CDMA_RUNS_KERNELS_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef CDMA_RUNS_KERNELS_INL_H_
#undef CDMA_RUNS_KERNELS_INL_H_
#else
#define CDMA_RUNS_KERNELS_INL_H_
#endif

#include <hwy/highway.h>

#include <cstring>
#include <type_traits>

#include "codecs/runs/element.hpp"
#include "codecs/runs/rle_bytes.hpp"

HWY_BEFORE_NAMESPACE();
namespace cdma::runs::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;
#if HWY_TARGET != HWY_SCALAR

// Calls fn with std::integral_constant<size_t, width> for width 1, 2, 4, 8,
// so kernels are compiled per width and see it as a constant.
template <class Fn>
HWY_INLINE auto with_width(unsigned width, Fn&& fn) {
  switch (width) {
    case 1: return fn(std::integral_constant<size_t, 1>());
    case 2: return fn(std::integral_constant<size_t, 2>());
    case 4: return fn(std::integral_constant<size_t, 4>());
    default: return fn(std::integral_constant<size_t, 8>());
  }
}

HWY_INLINE size_t trailing_zeros(uint64_t w) { return hwy::Num0BitsBelowLS1Bit_Nonzero64(w); }

// Flags of 64 consecutive lanes of type T starting at p, bit i for lane i;
// mask_of(d, q) is the mask of the vector at q. Vectors are capped at 64
// lanes so that every mask fits the word whatever the target.
template <typename T, class MaskOf>
HWY_INLINE uint64_t word_of_masks(const uint8_t* p, MaskOf mask_of) {
  const hn::CappedTag<T, 64> d;
  const size_t lanes = hn::Lanes(d);
  uint64_t word = 0;
  for (size_t v = 0; v < 64 / lanes; ++v) {
    uint64_t bits = 0;  // StoreMaskBits writes ceil(lanes / 8) <= 8 bytes
    hn::StoreMaskBits(d, mask_of(d, p + v * lanes * sizeof(T)), reinterpret_cast<uint8_t*>(&bits));
    word |= bits << (v * lanes);
  }
  return word;
}

// Words of nonzero flags of n elements of kWidth bytes.
template <size_t kWidth>
struct NonzeroWords {
  const uint8_t* src;
  size_t n;

  uint64_t word(size_t k) const {
    const uint8_t* p = src + k * 64 * kWidth;
    if (k * 64 + 64 <= n) {
      using T = hwy::UnsignedFromSize<kWidth>;
      return word_of_masks<T>(p, [](auto d, const uint8_t* q) {
        return hn::Ne(hn::LoadU(d, reinterpret_cast<const T*>(q)), hn::Zero(d));
      });
    }
    uint64_t word = 0;  // the last, partial word: flags past n stay zero
    for (size_t i = 0; k * 64 + i < n; ++i)
      word |= static_cast<uint64_t>(element_nonzero(p + i * kWidth, kWidth)) << i;
    return word;
  }
};

// Words of a bitmask of n bits (LSB first), as ZVC stores its mask.
struct MaskWords {
  const uint8_t* bits;
  size_t n;

  uint64_t word(size_t k) const {
    uint64_t word = 0;
    const size_t left = n - k * 64;
    std::memcpy(&word, bits + k * 8, left >= 64 ? 8 : (left + 7) / 8);
    return left >= 64 ? word : word & ((uint64_t{1} << left) - 1);
  }
};

// Finder (run_walk.hpp) over the flags that Words supplies a word at a
// time. A word's boundaries are the set bits of w ^ (w << 1 | carry), taken
// lowest first: one count of trailing zeros per run, and a word without
// boundaries costs only its compares.
template <class Words>
class WordFinder {
 public:
  WordFinder(Words words, size_t n) : words_(words), n_(n), count_((n + 63) / 64) {}

  // Flags past n are zero, so the only boundary at or past n is n itself.
  size_t next_boundary() {
    while (bounds_ == 0) {
      if (++k_ >= count_) return n_;
      const uint64_t w = words_.word(k_);
      bounds_ = w ^ (w << 1 | carry_);
      carry_ = w >> 63;
    }
    const size_t b = k_ * 64 + trailing_zeros(bounds_);
    bounds_ &= bounds_ - 1;
    return b;
  }

 private:
  Words words_;
  size_t n_, count_;
  size_t k_ = ~static_cast<size_t>(0);  // word of bounds_; the first ++ makes it 0
  uint64_t bounds_ = 0;                 // boundaries of word k_ not yet reported
  uint64_t carry_ = 0;                  // flag of the element before word k_ + 1
};

// Finder (rle_bytes_tokens.hpp) of runs of kRleMinRun equal bytes. Flag i of
// a word says src[i] == src[i + 1]; a run of 4 starts where three
// consecutive flags are set, which needs two bits of the following word.
class ByteRunFinder {
 public:
  ByteRunFinder(const uint8_t* src, size_t size)
      : src_(src), size_(size), count_((size + 63) / 64) {}

  size_t next_run(size_t pos) {
    static_assert(kRleMinRun == 4, "three flags per run start");
    size_t k = pos / 64;
    uint64_t from = ~uint64_t{0} << (pos % 64);
    for (; k < count_; ++k, from = ~uint64_t{0}) {
      const uint64_t w0 = word(k), w1 = word(k + 1);
      const uint64_t starts = w0 & (w0 >> 1 | w1 << 63) & (w0 >> 2 | w1 << 62) & from;
      if (starts != 0) return k * 64 + trailing_zeros(starts);
    }
    return size_;
  }

  // The flag of the last byte is always clear, so the loop ends in range.
  size_t run_end(size_t s) {
    size_t k = s / 64;
    uint64_t ends = ~word(k) & (~uint64_t{0} << (s % 64));
    while (ends == 0) ends = ~word(++k);
    return k * 64 + trailing_zeros(ends) + 1;
  }

 private:
  // Two slots, by word parity: next_run reads words k and k + 1, then
  // run_end and the next next_run mostly read the same ones again.
  uint64_t word(size_t k) {
    Slot& slot = slots_[k & 1];
    if (slot.k != k) {
      slot.k = k;
      slot.w = compute(k);
    }
    return slot.w;
  }

  uint64_t compute(size_t k) const {
    if (k >= count_) return 0;
    const uint8_t* p = src_ + k * 64;
    if (k * 64 + 65 <= size_) {
      return word_of_masks<uint8_t>(
          p, [](auto d, const uint8_t* q) { return hn::Eq(hn::LoadU(d, q), hn::LoadU(d, q + 1)); });
    }
    uint64_t word = 0;  // the last word: no flag for the last byte
    for (size_t i = 0; k * 64 + i + 1 < size_; ++i)
      word |= static_cast<uint64_t>(p[i] == p[i + 1]) << i;
    return word;
  }

  struct Slot {
    size_t k = ~static_cast<size_t>(0);
    uint64_t w = 0;
  };
  const uint8_t* src_;
  size_t size_, count_;
  Slot slots_[2];
};

#endif  // HWY_TARGET != HWY_SCALAR
}  // namespace cdma::runs::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // CDMA_RUNS_KERNELS_INL_H_

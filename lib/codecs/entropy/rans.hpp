// rANS stage of the entropy coder: symbol tables and the interleaved
// stream coder (docs/format-entropy.md, "rANS stream").
//
// ---- READ ME FIRST: the invariants everything here relies on ----------------
//
// 1. A stream has `lanes` (4 or 32) independent rANS states x, 32-bit each.
//    Between symbols, in the encoder and in the decoder alike,
//    kStateLow <= x < 2^31 (kStateLow = 2^15).
// 2. A symbol s has frequency f_s >= 1 and cumulative start c_s; the f_s sum
//    to M = 2^T exactly (T = table log, kMinTableLog..kMaxTableLog), and at
//    least two symbols are present, so every f_s <= M - 1 < 2^12.
// 3. Coding step (encoder):  x' = (x / f) * M + (x % f) + c
//    Decoding step (decoder): x  = f * (x' >> T) + (x' & (M - 1)) - c
//    with s found from the slot x' & (M - 1) through a 2^T-entry table.
// 4. Renormalisation moves 16 bits at a time, never more than once per
//    symbol: before a step the encoder emits the low 16 bits when
//    x >= 2^(31-T) * f (afterwards x < 2^15, and the step lands in
//    [2^15, 2^31)); after a step the decoder reads 16 bits when x < 2^15
//    (a step leaves x >= 2^(15-T) >= 8, so one read lifts it above 2^18).
// 5. Symbol i of the stream belongs to lane i % lanes. The decoder takes the
//    lanes of a group in order 0, 1, ..., each decoding then renormalising;
//    the encoder runs the exact mirror image, last symbol first, so the
//    decoder reads one forward stream of 16-bit words.
// 6. The encoder starts every lane at kStateLow and finally writes the lane
//    states (lane 0 first, 3 or 4 bytes each, see write_state) in front of
//    the words. The decoder starts from those states and must end with
//    every lane back at kStateLow and every word consumed, exactly;
//    anything else is corruption. This detects truncated, extended and
//    most altered streams (it is no checksum: docs/format-entropy.md).
// 7. The decoder never trusts the stream for memory safety: initial states
//    outside [kStateLow, 2^31) are rejected (they would break invariant 4),
//    the fast loops run only while a whole group of reads fits in the input,
//    and the tail loop checks every read.
// 8. Because x < 2^31, x / f is exact as (x * rcp) >> shift with a 32-bit
//    rcp (build_encoder), so the encoder needs no division, and the SIMD
//    encoder uses 32x32->64-bit multiplies.
// 9. The SIMD kernels (rans_simd.cpp) only code or decode whole groups of
//    32 lanes from a cursor and hand back to the scalar reference, which
//    does the partial group, the last words and the final checks: every
//    target writes and accepts exactly the reference's bytes.
// -----------------------------------------------------------------------------
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "codecs/entropy/entropy.hpp"

namespace cdma::entropy {

inline constexpr unsigned kLanesNarrow = 4;
inline constexpr unsigned kLanesWide = 32;
inline constexpr uint32_t kStateLow = uint32_t{1} << 15;
inline constexpr uint32_t kStateHigh = uint32_t{1} << 31;  // exclusive

// A final lane state x is written little-endian as x << 1 in 3 bytes when
// x < 2^23, else as x << 1 | 1 in 4 bytes: bit 0 of the first byte gives
// the length. States are about log-uniform over [2^15, 2^31), so half of
// them save a byte: ~2 bytes per 4-lane stream, which matters on short or
// very skewed streams.
inline constexpr uint32_t kStateShort = uint32_t{1} << 23;  // exclusive
inline constexpr size_t kStateMinBytes = 3;
inline constexpr size_t kStateMaxBytes = 4;

constexpr size_t state_bytes(uint32_t x) { return x < kStateShort ? 3 : 4; }

// Writes a final state (kStateLow <= x < kStateHigh); returns its size.
inline size_t write_state(uint32_t x, uint8_t* p) {
  const size_t n = state_bytes(x);
  const uint32_t v = x << 1 | (n == 4 ? 1u : 0u);
  for (size_t b = 0; b < n; ++b) p[b] = static_cast<uint8_t>(v >> (8 * b));
  return n;
}

// Everything one encoding step needs for a symbol (invariants 3, 4, 8).
struct EncSymbol {
  uint32_t x_max;  // emit 16 bits first when x >= x_max
  uint32_t rcp;    // ceil(2^shift / f)
  uint16_t bias;   // c
  uint16_t cmpl;   // M - f
  uint32_t shift;  // 31 + ceil(log2(f))
};

// The scalar encoder reads sym[]; the SIMD encoder gathers the same facts
// from two 32-bit words per symbol (fewer gathers):
//   rcp[s]    = sym[s].rcp
//   packed[s] = f | c << 12 | (shift - 31) << 24
struct EncTable {
  EncSymbol sym[256];
  uint32_t rcp[256];
  uint32_t packed[256];
  unsigned table_log;
  // Smallest and largest present symbol: when they are close (an fp32
  // exponent byte often spans under 32 values per block, an fp16 or bf16
  // one under 128), the SIMD encoder looks rcp[] and packed[] up with
  // in-register permutes instead of gathers.
  unsigned lo_symbol, hi_symbol;
};

// One slot of the decode table, packed in 32 bits: symbol in bits 0-7,
// bias = slot - c in bits 8-19, f in bits 20-31 (f < 2^12 by invariant 2).
// build_decoder() fills slots up to this many at a time, so it may write up
// to kDecodeFillStep - 1 past the last one.
inline constexpr uint32_t kDecodeFillStep = 8;
struct DecTable {
  uint32_t slot[(uint32_t{1} << 12) + kDecodeFillStep - 1];
  unsigned table_log;
};

// Calls f(std::integral_constant<unsigned, table_log>()), so that hot loops
// are compiled once per table log with its shifts and masks as immediates.
template <class F>
inline void with_table_log(unsigned table_log, F&& f) {
  static_assert(kMinTableLog == 8 && kMaxTableLog == 12, "one case per table log");
  switch (table_log) {
    case 8: return f(std::integral_constant<unsigned, 8>());
    case 9: return f(std::integral_constant<unsigned, 9>());
    case 10: return f(std::integral_constant<unsigned, 10>());
    case 11: return f(std::integral_constant<unsigned, 11>());
    default: return f(std::integral_constant<unsigned, 12>());
  }
}

// Builds the tables of a valid normalized table (as normalize() makes and
// read_table() checks); behaviour is undefined for anything else.
void build_encoder(const uint16_t norm[256], unsigned table_log, EncTable* t);
void build_decoder(const uint16_t norm[256], unsigned table_log, DecTable* t);

// Codes src[0, n) into dst with `lanes` lanes (kLanesNarrow or kLanesWide),
// as lane states followed by words, with the best SIMD target for wide
// streams. Every byte of src must have a nonzero frequency in the table.
// Returns the stream size, or kNoFit when it exceeds dst_capacity; writes
// only dst[0, dst_capacity).
size_t rans_encode(const uint8_t* src, size_t n, unsigned lanes, const EncTable& t, uint8_t* dst,
                   size_t dst_capacity);

// Decodes a stream of exactly src_size bytes into dst_size symbols, with the
// best SIMD target for wide streams. Returns dst_size, or
// corruption_detected when the stream is inconsistent (invariants 6, 7).
size_t rans_decode(const uint8_t* src, size_t src_size, unsigned lanes, const DecTable& t,
                   uint8_t* dst, size_t dst_size);

namespace scalar {
// The reference coders: same contracts and bytes, no SIMD.
size_t rans_encode(const uint8_t* src, size_t n, unsigned lanes, const EncTable& t, uint8_t* dst,
                   size_t dst_capacity);
size_t rans_decode(const uint8_t* src, size_t src_size, unsigned lanes, const DecTable& t,
                   uint8_t* dst, size_t dst_size);
}  // namespace scalar

}  // namespace cdma::entropy

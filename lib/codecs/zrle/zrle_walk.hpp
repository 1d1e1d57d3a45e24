// The zero-RLE encoder and decoder bodies, shared by the scalar reference and
// the SIMD kernels. The callers supply only how runs are found (a Finder, see
// codecs/runs/run_walk.hpp) and how bytes are moved (memcpy/memset, or whole
// vectors when the buffers have slack), so the payload layout and every
// validation exist once.
#pragma once

#include <cstring>

#include "codecs/runs/run_walk.hpp"
#include "codecs/runs/varint.hpp"
#include "codecs/zrle/zrle.hpp"
#include "codecs/zrle/zrle_pairs.hpp"
#include "common/error.hpp"

namespace cdma::zrle {

// Writes the pairs of the n elements at src to [runs, runs_end) and their
// literals from lits on (the caller sized that area from the nonzero count).
// fill.copy(to, from, bytes) moves literal bytes. Returns the Runs size or
// kNoFit.
template <class Finder, class Fill>
[[gnu::always_inline]] inline size_t encode_runs(Finder& finder, const uint8_t* src, size_t n,
                                                 unsigned width, uint8_t* lits, uint8_t* runs,
                                                 const uint8_t* runs_end, const Fill& fill) {
  uint8_t* out = runs;
  const size_t trailing = runs::walk_runs(finder, n, [&](size_t i, size_t j, size_t k) {
    const uint64_t z = zero_code(i, j), l = k - j - 1;
    const auto room = static_cast<size_t>(runs_end - out);
    if (room < kMaxPairBytes && pair_bytes(z, l) > room) return false;
    out = write_pair(out, z, l);
    fill.copy(lits, src + j * width, (k - j) * width);
    lits += (k - j) * width;
    return true;
  });
  return trailing == runs::kWalkStopped ? kNoFit : static_cast<size_t>(out - runs);
}

struct Measure {
  size_t nonzero = 0;
  size_t runs_bytes = 0;
};

template <class Finder>
[[gnu::always_inline]] inline Measure measure_runs(Finder& finder, size_t n) {
  Measure m;
  runs::walk_runs(finder, n, [&](size_t i, size_t j, size_t k) {
    m.nonzero += k - j;
    m.runs_bytes += pair_bytes(zero_code(i, j), k - j - 1);
    return true;
  });
  return m;
}

inline size_t payload_size(Measure m, size_t size, unsigned width) {
  return runs::varint_len(m.nonzero) + m.nonzero * width + m.runs_bytes + size % width;
}

// Decodes the pairs of [runs, runs_end) into the n elements at dst, taking
// exactly `nonzero` literals from lits. fill.zeros(to, bytes) writes zeros,
// and fill.pair(to, zero_bytes, from, literal_bytes) zeros then literals.
// Returns 0 or an error result.
template <class Fill>
[[gnu::always_inline]] inline size_t decode_runs(const uint8_t* lits, size_t nonzero,
                                                 const uint8_t* runs, const uint8_t* runs_end,
                                                 uint8_t* dst, size_t n, unsigned width,
                                                 const Fill& fill) {
  size_t i = 0;  // elements decoded
  while (runs < runs_end) {
    uint64_t z, l;
    CDMA_RETURN_ERROR_IF(!read_pair(runs, runs_end, z, l), corruption_detected);
    const uint64_t zeros = i == 0 ? z : z + 1;  // codes are below 2^63 + 15: no overflow
    CDMA_RETURN_ERROR_IF(zeros > n - i, corruption_detected);
    CDMA_RETURN_ERROR_IF(l >= nonzero || l >= n - i - zeros, corruption_detected);
    const size_t literals = l + 1;
    fill.pair(dst + i * width, zeros * width, lits, literals * width);
    i += zeros + literals;
    lits += literals * width;
    nonzero -= literals;
  }
  CDMA_RETURN_ERROR_IF(nonzero != 0, corruption_detected);
  if (i < n) fill.zeros(dst + i * width, (n - i) * width);  // the trailing zeros no pair names
  return 0;
}

// The payload around the runs: count, literal area, tail. count(src, n,
// width) gives the nonzero count; encode(src, n, width, lits, runs,
// runs_end) is encode_runs with the caller's Finder.
template <class Count, class Encode>
inline size_t encode_payload(const uint8_t* src, size_t size, unsigned width, uint8_t* dst,
                             size_t capacity, Count&& count, Encode&& encode) {
  const size_t n = size / width, tail = size % width;
  const size_t nonzero = count(src, n, width);
  const size_t head = runs::varint_len(nonzero);
  if (capacity < head + tail || (capacity - head - tail) / width < nonzero) return kNoFit;
  uint8_t* lits = runs::write_varint(dst, nonzero);
  uint8_t* runs = lits + nonzero * width;
  const size_t runs_bytes = encode(src, n, width, lits, runs, dst + capacity - tail);
  if (runs_bytes == kNoFit) return kNoFit;
  if (tail != 0) std::memcpy(runs + runs_bytes, src + n * width, tail);  // src may be null if empty
  return head + nonzero * width + runs_bytes + tail;
}

// decode(lits, nonzero, runs, runs_end, dst, n, width) is decode_runs with
// the caller's Fill. Every size is checked before it is used.
template <class Decode>
inline size_t decode_payload(const uint8_t* src, size_t src_size, unsigned width, uint8_t* dst,
                             size_t dst_size, Decode&& decode) {
  const size_t n = dst_size / width, tail = dst_size % width;
  CDMA_RETURN_ERROR_IF(src_size < tail, corruption_detected);
  const uint8_t* p = src;
  const uint8_t* const runs_end = src + src_size - tail;
  uint64_t nonzero;
  CDMA_RETURN_ERROR_IF(!runs::read_varint(p, runs_end, nonzero), corruption_detected);
  CDMA_RETURN_ERROR_IF(nonzero > n, corruption_detected);
  CDMA_RETURN_ERROR_IF(nonzero * width > static_cast<size_t>(runs_end - p), corruption_detected);
  CDMA_FORWARD_IF_ERROR(decode(p, nonzero, p + nonzero * width, runs_end, dst, n, width));
  if (tail != 0) std::memcpy(dst + n * width, runs_end, tail);
  return dst_size;
}

}  // namespace cdma::zrle

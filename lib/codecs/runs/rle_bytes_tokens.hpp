// Token writer and encode walk of the byte RLE (docs/format-zrle.md), shared
// by the scalar reference and the SIMD kernels, which differ only in how
// their Finder locates runs. A token is
//   byte (Lc << 4 | Rc) | [varint L - 15] | [varint R - 19] | L literals | [value]
// with Lc = min(L, 15), Rc = min(R - 4, 15); the run part is absent (Rc = 0)
// only in a final token whose literals complete the output.
//
// A Finder over `size` bytes provides
//   size_t next_run(size_t pos): first s >= pos starting kRleMinRun equal
//                                bytes, or size (pos is 0 or ends a run)
//   size_t run_end(size_t s):    one past the last byte equal to src[s]
#pragma once

#include <cstring>

#include "codecs/runs/nibble_code.hpp"
#include "codecs/runs/rle_bytes.hpp"

namespace cdma::runs {

// Writes the token for literals [lits, lits + lit_len) followed by run_len
// copies of value (run_len 0: the final token, no run). Returns the new end,
// or nullptr if it would pass end.
inline uint8_t* put_rle_token(uint8_t* out, const uint8_t* end, const uint8_t* lits, size_t lit_len,
                              size_t run_len, uint8_t value) {
  const bool has_run = run_len != 0;
  const uint64_t run_code = has_run ? run_len - kRleMinRun : 0;
  const size_t need = 1 + ext_bytes(lit_len) + ext_bytes(run_code) + lit_len + (has_run ? 1 : 0);
  if (need > static_cast<size_t>(end - out)) return nullptr;
  *out++ = static_cast<uint8_t>(nibble(lit_len) << 4 | nibble(run_code));
  out = write_ext(out, lit_len);
  out = write_ext(out, run_code);
  std::memcpy(out, lits, lit_len);
  out += lit_len;
  if (has_run) *out++ = value;
  return out;
}

template <class Finder>
[[gnu::always_inline]] inline size_t rle_encode_walk(Finder& finder, const uint8_t* src,
                                                     size_t size, uint8_t* dst, size_t capacity) {
  uint8_t* out = dst;
  const uint8_t* const end = dst + capacity;
  size_t lit = 0;  // first byte not yet coded
  for (;;) {
    const size_t s = finder.next_run(lit);
    if (s == size) break;
    const size_t e = finder.run_end(s);
    out = put_rle_token(out, end, src + lit, s - lit, e - s, src[s]);
    if (out == nullptr) return kNoFit;
    lit = e;
  }
  if (lit < size) {
    out = put_rle_token(out, end, src + lit, size - lit, 0, 0);
    if (out == nullptr) return kNoFit;
  }
  return static_cast<size_t>(out - dst);
}

}  // namespace cdma::runs

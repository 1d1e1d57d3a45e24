// Drives cdma_decompress_stream() over an input in chunks of drawn sizes.
// Every output chunk is its own exact heap buffer, so a write past
// out->size is an AddressSanitizer report, not a hidden scribble.
#pragma once

#include <algorithm>
#include <vector>

#include "fuzz_util.hpp"

namespace cdma::fuzz {

struct StreamResult {
  size_t result = 0;       // the last call's result (an error, a hint, or 0)
  bool complete = false;   // all input consumed and every frame finished
  bool too_big = false;    // stopped at out_limit
  std::vector<uint8_t> out;
};

inline StreamResult stream_decompress(cdma_dctx* d, const uint8_t* src, size_t size, Rng& rng,
                                      size_t max_in, size_t max_out, size_t out_limit) {
  StreamResult r;
  r.complete = true;  // an empty input is an empty stream
  size_t pos = 0;
  while (pos < size) {
    const size_t take = std::min(size - pos, rng.between(1, max_in));
    const Exact chunk(src + pos, take);
    cdma_in_buffer in{chunk.data(), chunk.size(), 0};
    for (;;) {
      Exact o(rng.between(1, max_out));
      cdma_out_buffer out{o.data(), o.size(), 0};
      const size_t in_before = in.pos;
      r.result = cdma_decompress_stream(d, &out, &in);
      FUZZ_CHECK(out.pos <= out.size && in.pos <= in.size && in.pos >= in_before);
      r.out.insert(r.out.end(), o.data(), o.data() + out.pos);
      if (cdma_is_error(r.result)) {
        r.complete = false;
        return r;
      }
      if (r.out.size() > out_limit) {
        r.complete = false;
        r.too_big = true;
        return r;
      }
      // With room left and input left, a call must make progress.
      FUZZ_CHECK(out.pos > 0 || in.pos > in_before || in.pos == in.size);
      if (in.pos == in.size && out.pos < out.size) break;  // wants more input, or done
    }
    pos += take;
  }
  if (size > 0) r.complete = r.result == 0;
  return r;
}

}  // namespace cdma::fuzz

// Compression parameters drawn from an input's tail, shared by the targets
// that compress (roundtrip, compress_small_dst, range_decode).
#pragma once

#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "fuzz_util.hpp"

namespace cdma::fuzz {

struct Setup {
  int codec = CDMA_CODEC_AUTO;
  int level = 3;
  int width = 4;
  int block_log = 12;
  int threads = 1;
  bool checksum = true;
  bool seek_table = false;
  bool metadata = false;
  unsigned content_mode = 0;  // make_content()
};

// Takes 8 bytes from the tail. Block sizes stay small (4..64 KiB) so that
// short inputs make multi-block frames; threads stay at 1..3 because every
// extra thread is a pool the fuzzer pays for on each input.
inline Setup read_setup(Params& p) {
  Setup s;
  s.codec = kCodecChoices[p.pick(std::size(kCodecChoices))];
  s.level = 1 + static_cast<int>(p.pick(9));
  s.width = kWidths[p.pick(4)];
  s.block_log = 12 + static_cast<int>(p.pick(5));
  s.threads = 1 + static_cast<int>(p.pick(3));
  const uint8_t flags = p.u8();
  s.checksum = (flags & 1) == 0;  // on unless asked off, as in the library
  s.seek_table = (flags & 2) != 0;
  s.metadata = (flags & 4) != 0;
  s.content_mode = (flags >> 3) & 1;
  return s;
}

// Configures `c` for `s` and a content of `size` bytes. False when the
// library refuses a parameter (a codec id it does not register yet): the
// caller skips the input.
inline bool apply(cdma_cctx* c, const Setup& s, size_t size) {
  const std::pair<cdma_param, int64_t> params[] = {
      {CDMA_P_CODEC, s.codec},         {CDMA_P_LEVEL, s.level},
      {CDMA_P_ELEMENT_WIDTH, s.width}, {CDMA_P_BLOCK_LOG, s.block_log},
      {CDMA_P_THREADS, s.threads},     {CDMA_P_CHECKSUM, s.checksum},
      {CDMA_P_SEEK_TABLE, s.seek_table}};
  for (const auto& [param, value] : params)
    if (cdma_is_error(cdma_cctx_set_param(c, param, value))) return false;
  if (s.metadata) {
    const uint64_t dims[2] = {2, size / 2};
    FUZZ_CHECK(!cdma_is_error(cdma_cctx_set_tensor(c, "f32", 1, dims, 2)));
    const std::string prefix = "\x93NUMPY fake prefix " + std::to_string(size);
    FUZZ_CHECK(!cdma_is_error(cdma_cctx_set_file_prefix(c, prefix.data(), prefix.size())));
  }
  return true;
}

// Compresses into a buffer of exactly cdma_cctx_compress_bound() bytes,
// which the API promises is always enough.
inline std::vector<uint8_t> compress_ok(cdma_cctx* c, const std::vector<uint8_t>& content) {
  const size_t bound = cdma_cctx_compress_bound(c, content.size());
  FUZZ_CHECK_R(!cdma_is_error(bound), bound);
  Exact dst(bound);
  const size_t n = cdma_compress_cctx(c, dst.data(), dst.size(), content.data(), content.size());
  FUZZ_CHECK_R(!cdma_is_error(n), n);
  FUZZ_CHECK(n <= bound);
  return {dst.data(), dst.data() + n};
}

}  // namespace cdma::fuzz

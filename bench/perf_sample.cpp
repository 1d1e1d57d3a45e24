// One compression or decompression of one sample, for counting instructions
// under `valgrind --tool=callgrind` (scripts/perf-check). The count is
// collected only inside cdma_compress_cctx / cdma_decompress (the script
// passes --toggle-collect), so loading the file and, for decompress, making
// the frame first are not counted.
//
// Highway dispatches by CPU, and valgrind's emulated CPU may not be the
// host's, so the target is pinned: --target NAME caps dispatch at NAME (as
// bench_codecs' --cdma_max_target does) and the target actually used is
// printed, so that a baseline taken on another target is never compared.
//
// Usage: perf_sample [--target NAME] compress|decompress CODEC LEVEL FILE.npy
//   CODEC: auto zvc zrle split zstd lz4

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "cdma/cdma.h"
#include "simd_cap.hpp"
#include "simd/dispatch.hpp"
#include "tensorio/dtype.hpp"
#include "tensorio/npy.hpp"

namespace {

int codec_id(const std::string& name) {
  const std::pair<const char*, int> table[] = {{"auto", CDMA_CODEC_AUTO}, {"zvc", CDMA_CODEC_ZVC},
                                               {"zrle", CDMA_CODEC_ZRLE}, {"split", CDMA_CODEC_SPLIT},
                                               {"zstd", CDMA_CODEC_ZSTD}, {"lz4", CDMA_CODEC_LZ4}};
  for (const auto& [n, id] : table)
    if (name == n) return id;
  return -1;
}

// Every buffer 64-byte aligned: the ZVC decoder picks its store path by the
// destination's alignment, so a count taken on whatever malloc returned
// would move with the heap's state, not with the code.
using Aligned = std::unique_ptr<uint8_t, decltype(&std::free)>;
Aligned aligned(size_t bytes) {
  return Aligned(static_cast<uint8_t*>(std::aligned_alloc(64, (bytes + 63) / 64 * 64 + 64)), &std::free);
}

int fail(const std::string& what) {
  std::fprintf(stderr, "perf_sample: %s\n", what.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() >= 2 && args[0] == "--target") {
    if (!cdma::bench::cap_simd_target(args[1])) return fail("unknown Highway target " + args[1]);
    args.erase(args.begin(), args.begin() + 2);
  }
  if (args.size() != 4 || (args[0] != "compress" && args[0] != "decompress"))
    return fail("usage: perf_sample [--target NAME] compress|decompress CODEC LEVEL FILE.npy");
  const int codec = codec_id(args[1]);
  if (codec < 0) return fail("unknown codec " + args[1]);
  const int level = std::stoi(args[2]);

  std::ifstream in(args[3], std::ios::binary);
  const std::vector<uint8_t> file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string error;
  const auto header = cdma::tensorio::parse_npy_header(file, error);
  if (!header) return fail(args[3] + ": " + error);
  const size_t size = file.size() - header->data_offset;
  const Aligned source = aligned(size);
  std::memcpy(source.get(), file.data() + header->data_offset, size);
  const uint8_t* data = source.get();
  const unsigned width = cdma::tensorio::zvc_element_width(header->dtype.itemsize);

  cdma_cctx* c = cdma_cctx_create();
  if (c == nullptr || cdma_is_error(cdma_cctx_set_param(c, CDMA_P_CODEC, codec)) ||
      cdma_is_error(cdma_cctx_set_param(c, CDMA_P_LEVEL, level)) ||
      cdma_is_error(cdma_cctx_set_param(c, CDMA_P_ELEMENT_WIDTH, width)))
    return fail("bad parameters");
  const size_t bound = cdma_compress_bound(size);
  const Aligned frame = aligned(bound);
  const size_t n = cdma_compress_cctx(c, frame.get(), bound, data, size);
  cdma_cctx_free(c);
  if (cdma_is_error(n)) return fail(std::string("compress: ") + cdma_error_name(n));
  if (args[0] == "decompress") {
    const Aligned back = aligned(size);
    const size_t m = cdma_decompress(back.get(), size, frame.get(), n);
    if (cdma_is_error(m) || m != size || std::memcmp(back.get(), data, size) != 0)
      return fail("round trip failed");
  }
  std::printf("%s\n", cdma::simd::dispatched_target_name());
  return 0;
}

// Throughput of ZVC (kernel and frame level) against memcpy, lz4 and zstd -1,
// all on the same 256 MiB buffer of real activations tiled from a whole set,
// in one process, so that ratios between them mean something on a noisy
// shared machine. Bytes/s always count uncompressed bytes; the "ratio"
// counter is uncompressed / compressed size. See README.md for how to run.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <functional>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "baselines/baselines.hpp"
#include "cdma/cdma.h"
#include "simd_cap.hpp"
#include "codecs/zvc/zvc.hpp"
#include "simd/dispatch.hpp"
#include "tiled_data.hpp"

namespace cdma::bench {
namespace {

constexpr size_t kBufferSize = size_t{256} << 20;
constexpr size_t kBlock = size_t{128} << 10;  // the frame's default block (CDMA_P_BLOCK_LOG 17)

struct DataSet {
  const char* name;
  int width;
  std::vector<const char*> dirs;  // relative to the data root
};

const std::vector<DataSet>& data_sets() {
  static const std::vector<DataSet> sets = {
      {"fp32", 4, {"vgg/final", "resnet/final"}},
      {"fp16", 2, {"vgg/final-fp16", "resnet/final-fp16"}},
      {"bf16", 2, {"vgg/final-bf16", "resnet/final-bf16"}},
  };
  return sets;
}

std::filesystem::path data_root() {
  const char* env = std::getenv("CDMA_BENCH_DATA");
  return env != nullptr ? std::filesystem::path(env) : std::filesystem::path(CDMA_BENCH_DATA_DIR);
}

// A compressed form of the buffer, kept between benchmark calls: Google
// Benchmark calls each function several times (iteration estimate,
// repetitions), and the decompress runs read what the compress runs wrote.
struct Compressed {
  AlignedBytes bytes;
  size_t size = 0;
  std::vector<uint32_t> block_sizes;  // kernel-level ZVC only; kBlock = stored raw
};

// One set in memory at a time: runs go set by set, and three 256 MiB
// sources plus their compressed forms would only crowd the machine.
class Workspace {
 public:
  static Workspace& use(const DataSet& set) {
    static Workspace ws;
    if (ws.name_ != set.name) {
      ws.compressed_.clear();
      ws.src_.reset();
      std::vector<std::filesystem::path> dirs;
      for (const char* d : set.dirs) dirs.push_back(data_root() / d);
      ws.src_ = tiled_set(dirs, kBufferSize);
      if (!ws.out_) ws.out_ = aligned_bytes(kBufferSize);
      ws.name_ = set.name;
    }
    return ws;
  }

  const uint8_t* src() const { return src_.get(); }
  uint8_t* out() const { return out_.get(); }

  // The buffer compressed by `codec`, made once with `bound` bytes of room.
  Compressed& compressed(const std::string& codec, size_t bound) {
    Compressed& c = compressed_[codec];
    if (!c.bytes) c.bytes = aligned_bytes(bound);
    return c;
  }

 private:
  std::string name_;
  AlignedBytes src_;
  AlignedBytes out_;
  std::map<std::string, Compressed> compressed_;
};

void finish(benchmark::State& state, size_t compressed_size) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kBufferSize));
  if (compressed_size != 0)
    state.counters["ratio"] = static_cast<double>(kBufferSize) / static_cast<double>(compressed_size);
}

// Decompressors are checked once per call, outside the timed loop.
void check_round_trip(benchmark::State& state, const Workspace& ws) {
  if (std::memcmp(ws.out(), ws.src(), kBufferSize) != 0) state.SkipWithError("round trip differs");
}

void bm_memcpy(benchmark::State& state, const DataSet& set) {
  Workspace& ws = Workspace::use(set);
  for (auto _ : state) {
    std::memcpy(ws.out(), ws.src(), kBufferSize);
    benchmark::ClobberMemory();
  }
  finish(state, 0);
}

// memcpy on two threads, each copying half: the memory bandwidth two cores
// get, the bound for -T2 runs of codecs that are as fast as memcpy.
void bm_memcpy_t2(benchmark::State& state, const DataSet& set) {
  Workspace& ws = Workspace::use(set);
  constexpr size_t kHalf = kBufferSize / 2;
  for (auto _ : state) {
    std::thread other([&] { std::memcpy(ws.out() + kHalf, ws.src() + kHalf, kHalf); });
    std::memcpy(ws.out(), ws.src(), kHalf);
    other.join();
    benchmark::ClobberMemory();
  }
  finish(state, 0);
}

// Kernel level: cdma::zvc::encode block by block into one contiguous
// output, as the frame lays out payloads, and like the frame a block that
// would not shrink is stored raw. No frame header, no checksum.
size_t zvc_compress_blocks(const uint8_t* src, unsigned width, Compressed& c) {
  size_t pos = 0;
  c.block_sizes.clear();
  for (size_t off = 0; off < kBufferSize; off += kBlock) {
    uint8_t* dst = c.bytes.get() + pos;
    size_t n = zvc::encode(src + off, kBlock, width, dst, kBlock - 1);
    if (n == zvc::kNoFit) {
      std::memcpy(dst, src + off, kBlock);
      n = kBlock;
    }
    c.block_sizes.push_back(static_cast<uint32_t>(n));
    pos += n;
  }
  return pos;
}

void bm_zvc_compress(benchmark::State& state, const DataSet& set) {
  Workspace& ws = Workspace::use(set);
  Compressed& c = ws.compressed("zvc", kBufferSize);
  for (auto _ : state) {
    c.size = zvc_compress_blocks(ws.src(), static_cast<unsigned>(set.width), c);
    benchmark::ClobberMemory();
  }
  finish(state, c.size);
}

void bm_zvc_decompress(benchmark::State& state, const DataSet& set) {
  Workspace& ws = Workspace::use(set);
  Compressed& c = ws.compressed("zvc", kBufferSize);
  if (c.size == 0) c.size = zvc_compress_blocks(ws.src(), static_cast<unsigned>(set.width), c);
  const auto width = static_cast<unsigned>(set.width);
  for (auto _ : state) {
    const uint8_t* in = c.bytes.get();
    uint8_t* out = ws.out();
    for (const uint32_t n : c.block_sizes) {
      if (n == kBlock) {
        std::memcpy(out, in, kBlock);
      } else if (zvc::decode(in, n, width, out, kBlock) != kBlock) {
        state.SkipWithError("zvc::decode failed");
        break;
      }
      in += n;
      out += kBlock;
    }
    benchmark::ClobberMemory();
  }
  check_round_trip(state, ws);
  finish(state, c.size);
}

// Frame level through the public C API: block headers and, unless
// `checksum` is off, the XXH3-64 content checksum on both sides. Level 1
// codes every block with ZVC; level 0 is the library's default level,
// whose pipeline trades speed for ratio.
// `threads` > 1 codes blocks on that many threads in both directions (the
// bytes are the same for any thread count, so the cached form is shared).
struct FrameMode {
  const char* key;  // names the cached compressed form
  int level;
  bool checksum;
  int threads = 1;
};

size_t frame_compress(const uint8_t* src, int width, const FrameMode& m, Compressed& c, size_t bound) {
  if (m.checksum && m.threads == 1) return cdma_compress(c.bytes.get(), bound, src, kBufferSize, width, m.level);
  cdma_cctx* cctx = cdma_cctx_create();
  cdma_cctx_set_param(cctx, CDMA_P_ELEMENT_WIDTH, width);
  if (m.level != 0) cdma_cctx_set_param(cctx, CDMA_P_LEVEL, m.level);
  cdma_cctx_set_param(cctx, CDMA_P_CHECKSUM, m.checksum ? 1 : 0);
  cdma_cctx_set_param(cctx, CDMA_P_THREADS, m.threads);
  const size_t n = cdma_compress_cctx(cctx, c.bytes.get(), bound, src, kBufferSize);
  cdma_cctx_free(cctx);
  return n;
}

void bm_cdma_compress(benchmark::State& state, const DataSet& set, const FrameMode& m) {
  Workspace& ws = Workspace::use(set);
  const size_t bound = cdma_compress_bound(kBufferSize);
  Compressed& c = ws.compressed(m.key, bound);
  for (auto _ : state) {
    c.size = frame_compress(ws.src(), set.width, m, c, bound);
    benchmark::ClobberMemory();
  }
  if (cdma_is_error(c.size)) return state.SkipWithError(cdma_error_name(c.size));
  finish(state, c.size);
}

void bm_cdma_decompress(benchmark::State& state, const DataSet& set, const FrameMode& m) {
  Workspace& ws = Workspace::use(set);
  const size_t bound = cdma_compress_bound(kBufferSize);
  Compressed& c = ws.compressed(m.key, bound);
  if (c.size == 0) c.size = frame_compress(ws.src(), set.width, m, c, bound);
  cdma_dctx* dctx = cdma_dctx_create();
  cdma_dctx_set_param(dctx, CDMA_DP_THREADS, m.threads);
  size_t r = 0;
  for (auto _ : state) {
    r = cdma_decompress_dctx(dctx, ws.out(), kBufferSize, c.bytes.get(), c.size);
    benchmark::ClobberMemory();
  }
  cdma_dctx_free(dctx);
  if (r != kBufferSize) return state.SkipWithError(cdma_error_name(r));
  check_round_trip(state, ws);
  finish(state, c.size);
}

// lz4 and zstd -1 (lib/baselines) take the whole buffer in one call, in
// their own framing; zstd keeps its contexts from call to call, so the runs
// time the coding, not the set-up of a context.
struct LibraryMode {
  const char* key;  // names the cached compressed form
  baselines::Codec codec;
};

void bm_library_compress(benchmark::State& state, const DataSet& set, const LibraryMode& m) {
  Workspace& ws = Workspace::use(set);
  const size_t bound = baselines::compress_bound(m.codec.library, kBufferSize);
  Compressed& c = ws.compressed(m.key, bound);
  baselines::Contexts contexts;
  try {
    for (auto _ : state) {
      c.size = baselines::compress(m.codec, ws.src(), kBufferSize, c.bytes.get(), bound, &contexts);
      benchmark::ClobberMemory();
    }
  } catch (const std::exception& e) {
    return state.SkipWithError(e.what());
  }
  finish(state, c.size);
}

void bm_library_decompress(benchmark::State& state, const DataSet& set, const LibraryMode& m) {
  Workspace& ws = Workspace::use(set);
  const size_t bound = baselines::compress_bound(m.codec.library, kBufferSize);
  Compressed& c = ws.compressed(m.key, bound);
  baselines::Contexts contexts;
  size_t r = 0;
  try {
    if (c.size == 0)
      c.size = baselines::compress(m.codec, ws.src(), kBufferSize, c.bytes.get(), bound, &contexts);
    for (auto _ : state) {
      r = baselines::decompress(m.codec.library, c.bytes.get(), c.size, ws.out(), kBufferSize, &contexts);
      benchmark::ClobberMemory();
    }
  } catch (const std::exception& e) {
    return state.SkipWithError(e.what());
  }
  if (r != kBufferSize) return state.SkipWithError("decompressed size differs");
  check_round_trip(state, ws);
  finish(state, c.size);
}

void register_all() {
  static constexpr FrameMode kZvcFrame{"cdma1", 1, true};
  static constexpr FrameMode kZvcNoCheck{"cdma1_nock", 1, false};
  static constexpr FrameMode kDefault{"cdma_default", 0, true};
  static constexpr FrameMode kZvcFrameT2{"cdma1", 1, true, 2};
  static constexpr FrameMode kDefaultT2{"cdma_default", 0, true, 2};
  static constexpr LibraryMode kLz4{"lz4", {baselines::Library::lz4}};
  static constexpr LibraryMode kZstd1{"zstd", {baselines::Library::zstd, 1}};
  using Fn = std::function<void(benchmark::State&, const DataSet&)>;
  const std::vector<std::pair<const char*, Fn>> runs = {
      {"memcpy", bm_memcpy},
      {"memcpy_T2", bm_memcpy_t2},
      {"zvc_compress", bm_zvc_compress},
      {"zvc_decompress", bm_zvc_decompress},
      {"cdma1_compress", [](auto& s, const auto& d) { bm_cdma_compress(s, d, kZvcFrame); }},
      {"cdma1_decompress", [](auto& s, const auto& d) { bm_cdma_decompress(s, d, kZvcFrame); }},
      {"cdma1_nock_compress", [](auto& s, const auto& d) { bm_cdma_compress(s, d, kZvcNoCheck); }},
      {"cdma1_nock_decompress", [](auto& s, const auto& d) { bm_cdma_decompress(s, d, kZvcNoCheck); }},
      {"cdma_default_compress", [](auto& s, const auto& d) { bm_cdma_compress(s, d, kDefault); }},
      {"cdma_default_decompress", [](auto& s, const auto& d) { bm_cdma_decompress(s, d, kDefault); }},
      // -T2 against the -T1 runs above (issue 4's target: 1.8x on 2 cores).
      {"cdma1_T2_compress", [](auto& s, const auto& d) { bm_cdma_compress(s, d, kZvcFrameT2); }},
      {"cdma1_T2_decompress", [](auto& s, const auto& d) { bm_cdma_decompress(s, d, kZvcFrameT2); }},
      {"cdma_default_T2_compress", [](auto& s, const auto& d) { bm_cdma_compress(s, d, kDefaultT2); }},
      {"cdma_default_T2_decompress", [](auto& s, const auto& d) { bm_cdma_decompress(s, d, kDefaultT2); }},
      {"lz4_compress", [](auto& s, const auto& d) { bm_library_compress(s, d, kLz4); }},
      {"lz4_decompress", [](auto& s, const auto& d) { bm_library_decompress(s, d, kLz4); }},
      {"zstd1_compress", [](auto& s, const auto& d) { bm_library_compress(s, d, kZstd1); }},
      {"zstd1_decompress", [](auto& s, const auto& d) { bm_library_decompress(s, d, kZstd1); }},
  };
  // Set-major order, so each set is loaded once and its memcpy baseline is
  // measured next to the codecs it is compared with. Many short repetitions
  // (a few 256 MiB passes each) let the median drop the ones in which
  // another process had the core, as happens on a shared machine.
  for (const DataSet& set : data_sets()) {
    for (const auto& [name, fn] : runs) {
      const std::string full = std::string(name) + "/" + set.name;
      benchmark::RegisterBenchmark(full.c_str(), [fn = fn, &set](benchmark::State& s) { fn(s, set); })
          ->UseRealTime()
          ->Unit(benchmark::kMillisecond)
          ->MinTime(0.1)
          ->Repetitions(11)
          ->ReportAggregatesOnly(true);
    }
  }
}

}  // namespace
}  // namespace cdma::bench

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  // Our one flag, --cdma_max_target=NAME, is taken out before Google
  // Benchmark checks for flags it does not know.
  int kept = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const std::string flag = "--cdma_max_target=";
    if (arg.rfind(flag, 0) != 0) {
      argv[kept++] = argv[i];
    } else if (!cdma::bench::cap_simd_target(arg.substr(flag.size()))) {
      std::fprintf(stderr, "bench_codecs: unknown Highway target %s\n", arg.c_str() + flag.size());
      return 1;
    }
  }
  argc = kept;
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  // Asked through the library's own dispatch, which every kernel follows.
  benchmark::AddCustomContext("cdma_simd_target", cdma::simd::dispatch_summary());
  cdma::bench::register_all();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

// Throughput of the run-length and byte-plane kernels against memcpy of the
// same bytes, in one process (the machine is shared and noisy: only ratios
// from one run mean anything). Inputs are 64 MiB, processed in 128 KiB
// blocks as the frame cuts them:
//  - synthetic elements of width 1/2/4/8 at densities 0.01..0.99, laid out
//    at random (zeros scattered: the worst case for run-length coding) or
//    clustered (runs of 1..256 elements, like dead channels and borders);
//  - the fp32, fp16 and bf16 activation sets, tiled (bench/tiled_data.hpp).
// Bytes/s count uncompressed bytes. Counters: "ratio" = uncompressed /
// compressed, "x_memcpy" = memcpy time of the same input (median of its
// repetitions, measured just before) / this run's time. Times are the
// thread's CPU time: on a shared machine wall time also counts the time
// other processes hold the core, which swamps the differences measured.
// On the real sets also: run statistics, and the byte RLE of each block's
// ZVC mask (bytes/s and x_memcpy there count mask bytes).
// Run: CDMA_BENCH_DATA=/path/to/data bench_kernels [--benchmark_filter=...]
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "support/sparse_gen.hpp"
#include "codecs/byteplane/byteplane.hpp"
#include "codecs/runs/rle_bytes.hpp"
#include "codecs/runs/run_stats.hpp"
#include "codecs/zrle/zrle.hpp"
#include "codecs/zvc/zvc.hpp"
#include "benchmark_main.hpp"
#include "tiled_data.hpp"

namespace cdma::bench {
namespace {

constexpr size_t kBufferSize = size_t{64} << 20;
constexpr size_t kBlock = size_t{128} << 10;          // the frame's default block
constexpr size_t kSyntheticPeriod = size_t{4} << 20;  // generated, then tiled

struct Input {
  std::string name;
  unsigned width;
  std::function<AlignedBytes()> make;
};

AlignedBytes tiled_synthetic(unsigned width, double density, test::Layout layout) {
  const auto period = test::sparse_bytes(kSyntheticPeriod, width, density, layout, 1234 + width);
  AlignedBytes buf = aligned_bytes(kBufferSize);
  for (size_t off = 0; off < kBufferSize; off += period.size())
    std::memcpy(buf.get() + off, period.data(), std::min(period.size(), kBufferSize - off));
  return buf;
}

std::filesystem::path data_root() {
  const char* env = std::getenv("CDMA_BENCH_DATA");
  return env != nullptr ? std::filesystem::path(env) : std::filesystem::path(CDMA_BENCH_DATA_DIR);
}

AlignedBytes tiled_real(std::vector<const char*> dirs) {
  std::vector<std::filesystem::path> paths;
  for (const char* d : dirs) paths.push_back(data_root() / d);
  return tiled_set(paths, kBufferSize);
}

// One input in memory at a time, with an output buffer and a compressed
// form that the decode runs read from what the encode runs wrote.
class Workspace {
 public:
  static Workspace& use(const Input& in) {
    static Workspace ws;
    if (ws.name_ != in.name) {
      ws.src_.reset();
      ws.src_ = in.make();
      if (!ws.out_) ws.out_ = aligned_bytes(kBufferSize);
      if (!ws.packed_) ws.packed_ = aligned_bytes(kBufferSize);
      ws.packed_size_.clear();
      ws.name_ = in.name;
    }
    return ws;
  }
  const uint8_t* src() const { return src_.get(); }
  uint8_t* out() const { return out_.get(); }
  uint8_t* packed() const { return packed_.get(); }
  // Compressed sizes per block, by codec; kBlock = stored raw.
  std::vector<uint32_t>& blocks(const std::string& codec) { return packed_size_[codec]; }

 private:
  std::string name_;
  AlignedBytes src_, out_, packed_;
  std::map<std::string, std::vector<uint32_t>> packed_size_;
};

double thread_seconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// Median memcpy time per input, from the memcpy runs registered first.
std::map<std::string, std::vector<double>>& memcpy_seconds() {
  static std::map<std::string, std::vector<double>> m;
  return m;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0.0 : v[v.size() / 2];
}

// Times the loop around `body`, which processes `bytes` bytes of input
// (the whole buffer unless stated), and reports bytes/s, ratio (when
// `compressed` is known) and x_memcpy, scaled to memcpy of as many bytes.
template <class Body>
void timed(benchmark::State& state, const Input& in, Body&& body, size_t compressed = 0,
           size_t bytes = kBufferSize) {
  const double t0 = thread_seconds();
  for (auto _ : state) {
    body();
    benchmark::ClobberMemory();
  }
  const double per_iter = (thread_seconds() - t0) / static_cast<double>(state.iterations());
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
  const double base = median(memcpy_seconds()[in.name]) * static_cast<double>(bytes) /
                      static_cast<double>(kBufferSize);
  if (base > 0) state.counters["x_memcpy"] = base / per_iter;
  if (compressed != 0)
    state.counters["ratio"] = static_cast<double>(bytes) / static_cast<double>(compressed);
}

void bm_memcpy(benchmark::State& state, const Input& in) {
  Workspace& ws = Workspace::use(in);
  const double t0 = thread_seconds();
  for (auto _ : state) {
    std::memcpy(ws.out(), ws.src(), kBufferSize);
    benchmark::ClobberMemory();
  }
  memcpy_seconds()[in.name].push_back((thread_seconds() - t0) /
                                      static_cast<double>(state.iterations()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * kBufferSize));
}

// Block codecs: encode every block into one contiguous output, storing a
// block raw when it does not shrink, as the frame does.
using EncodeFn = size_t (*)(const uint8_t*, size_t, unsigned, uint8_t*, size_t);
using DecodeFn = size_t (*)(const uint8_t*, size_t, unsigned, uint8_t*, size_t);

size_t encode_blocks(EncodeFn encode, size_t no_fit, const uint8_t* src, unsigned width,
                     uint8_t* out, std::vector<uint32_t>& sizes) {
  size_t pos = 0;
  sizes.clear();
  for (size_t off = 0; off < kBufferSize; off += kBlock) {
    size_t n = encode(src + off, kBlock, width, out + pos, kBlock - 1);
    if (n == no_fit) {
      std::memcpy(out + pos, src + off, kBlock);
      n = kBlock;
    }
    sizes.push_back(static_cast<uint32_t>(n));
    pos += n;
  }
  return pos;
}

bool decode_blocks(DecodeFn decode, const uint8_t* in, unsigned width, uint8_t* out,
                   const std::vector<uint32_t>& sizes) {
  for (const uint32_t n : sizes) {
    if (n == kBlock) {
      std::memcpy(out, in, kBlock);
    } else if (decode(in, n, width, out, kBlock) != kBlock) {
      return false;
    }
    in += n;
    out += kBlock;
  }
  return true;
}

struct BlockCodec {
  const char* name;
  EncodeFn encode;
  DecodeFn decode;
  size_t no_fit;
};

const BlockCodec kZrle{"zrle", zrle::encode, zrle::decode, zrle::kNoFit};
const BlockCodec kZvc{"zvc", zvc::encode, zvc::decode, zvc::kNoFit};

void bm_encode(benchmark::State& state, const Input& in, const BlockCodec& codec) {
  Workspace& ws = Workspace::use(in);
  auto& sizes = ws.blocks(codec.name);
  size_t total = 0;
  timed(state, in, [&] {
    total = encode_blocks(codec.encode, codec.no_fit, ws.src(), in.width, ws.packed(), sizes);
  });
  state.counters["ratio"] = static_cast<double>(kBufferSize) / static_cast<double>(total);
}

void bm_decode(benchmark::State& state, const Input& in, const BlockCodec& codec) {
  Workspace& ws = Workspace::use(in);
  auto& sizes = ws.blocks(codec.name);
  size_t total = encode_blocks(codec.encode, codec.no_fit, ws.src(), in.width, ws.packed(), sizes);
  bool ok = true;
  timed(
      state, in, [&] { ok = decode_blocks(codec.decode, ws.packed(), in.width, ws.out(), sizes); },
      total);
  if (!ok || std::memcmp(ws.out(), ws.src(), kBufferSize) != 0)
    state.SkipWithError("round trip differs");
}

void bm_run_stats(benchmark::State& state, const Input& in) {
  Workspace& ws = Workspace::use(in);
  uint64_t runs = 0;
  timed(state, in, [&] {
    for (size_t off = 0; off < kBufferSize; off += kBlock)
      runs += runs::element_run_stats(ws.src() + off, kBlock, in.width).zero_runs;
  });
  benchmark::DoNotOptimize(runs);
}

// The ZVC mask of every block (one bit per element), block after block:
// the byte stream the pipeline hands to rle_bytes.
std::vector<uint8_t> block_masks(const uint8_t* src, unsigned width) {
  std::vector<uint8_t> masks(kBufferSize / width / 8, 0);
  for (size_t i = 0; i < kBufferSize / width; ++i) {
    uint8_t any = 0;
    for (unsigned b = 0; b < width; ++b) any |= src[i * width + b];
    if (any) masks[i / 8] |= static_cast<uint8_t>(1u << (i % 8));
  }
  return masks;
}

// Byte RLE of each block's mask; masks that do not shrink are stored.
void bm_mask_rle(benchmark::State& state, const Input& in, bool decode) {
  Workspace& ws = Workspace::use(in);
  const std::vector<uint8_t> masks = block_masks(ws.src(), in.width);
  const size_t mask_block = kBlock / in.width / 8;
  auto& sizes = ws.blocks("mask_rle");
  auto encode_all = [&] {
    size_t total = 0;
    sizes.clear();
    for (size_t off = 0; off < masks.size(); off += mask_block) {
      size_t n = runs::rle_bytes_encode(masks.data() + off, mask_block, ws.packed() + total,
                                        mask_block - 1);
      if (n == runs::kNoFit) {
        std::memcpy(ws.packed() + total, masks.data() + off, mask_block);
        n = mask_block;
      }
      sizes.push_back(static_cast<uint32_t>(n));
      total += n;
    }
    return total;
  };
  size_t total = encode_all();
  if (!decode) {
    timed(
        state, in, [&] { total = encode_all(); }, total, masks.size());
    return;
  }
  bool ok = true;
  timed(
      state, in,
      [&] {
        const uint8_t* p = ws.packed();
        for (size_t b = 0; b < sizes.size(); p += sizes[b], ++b) {
          uint8_t* out = ws.out() + b * mask_block;
          if (sizes[b] == mask_block) {
            std::memcpy(out, p, mask_block);
          } else if (runs::rle_bytes_decode(p, sizes[b], out, mask_block) != mask_block) {
            ok = false;
          }
        }
      },
      total, masks.size());
  if (!ok || std::memcmp(ws.out(), masks.data(), masks.size()) != 0)
    state.SkipWithError("mask round trip differs");
}

// Byte planes of each block: `width` planes of kBlock / width bytes, one
// after another in the output, as the pipeline lays out its streams.
std::vector<uint8_t*> block_planes(uint8_t* base, size_t off, unsigned width) {
  std::vector<uint8_t*> planes(width);
  for (unsigned k = 0; k < width; ++k) planes[k] = base + off + k * (kBlock / width);
  return planes;
}

void bm_split(benchmark::State& state, const Input& in) {
  Workspace& ws = Workspace::use(in);
  timed(state, in, [&] {
    for (size_t off = 0; off < kBufferSize; off += kBlock)
      byteplane::split(ws.src() + off, kBlock / in.width, in.width,
                       block_planes(ws.out(), off, in.width).data());
  });
}

void bm_join(benchmark::State& state, const Input& in) {
  Workspace& ws = Workspace::use(in);
  for (size_t off = 0; off < kBufferSize; off += kBlock)
    byteplane::split(ws.src() + off, kBlock / in.width, in.width,
                     block_planes(ws.packed(), off, in.width).data());
  timed(state, in, [&] {
    for (size_t off = 0; off < kBufferSize; off += kBlock) {
      const auto planes = block_planes(ws.packed(), off, in.width);
      byteplane::join(planes.data(), kBlock / in.width, in.width, ws.out() + off);
    }
  });
  if (std::memcmp(ws.out(), ws.src(), kBufferSize) != 0) state.SkipWithError("join differs");
}

using Bench = std::function<void(benchmark::State&, const Input&)>;

void add(const char* name, const Input& in, Bench fn) {
  // Names built with append: GCC 12 warns falsely (-Wrestrict) on string +.
  std::string full(name);
  full.append("/").append(in.name);
  benchmark::RegisterBenchmark(full.c_str(),
                               [fn = std::move(fn), in](benchmark::State& s) { fn(s, in); })
      ->Unit(benchmark::kMillisecond)
      ->MinTime(0.2)
      ->Repetitions(5)
      ->ReportAggregatesOnly(true);
}

void register_all() {
  auto encode = [](const BlockCodec& c) {
    return [&c](auto& s, const auto& in) { bm_encode(s, in, c); };
  };
  auto decode = [](const BlockCodec& c) {
    return [&c](auto& s, const auto& in) { bm_decode(s, in, c); };
  };
  // Real sets first: every run-length kernel, and ZVC beside it.
  const std::vector<Input> real = {
      {"fp32", 4,
       [] {
         return tiled_real({"vgg/final", "resnet/final"});
       }},
      {"fp16", 2,
       [] {
         return tiled_real({"vgg/final-fp16", "resnet/final-fp16"});
       }},
      {"bf16", 2,
       [] {
         return tiled_real({"vgg/final-bf16", "resnet/final-bf16"});
       }},
  };
  for (const Input& in : real) {
    add("memcpy", in, bm_memcpy);
    add("zrle_encode", in, encode(kZrle));
    add("zrle_decode", in, decode(kZrle));
    add("zvc_encode", in, encode(kZvc));
    add("zvc_decode", in, decode(kZvc));
    add("run_stats", in, bm_run_stats);
    add("mask_rle_encode", in, [](auto& s, const auto& i) { bm_mask_rle(s, i, false); });
    add("mask_rle_decode", in, [](auto& s, const auto& i) { bm_mask_rle(s, i, true); });
    add("byteplane_split", in, bm_split);
    add("byteplane_join", in, bm_join);
  }
  // Synthetic sweep: ZVC and zero-RLE per width, density and layout.
  for (unsigned width : {1u, 2u, 4u, 8u}) {
    for (double density : {0.01, 0.1, 0.5, 0.9, 0.99}) {
      for (auto layout : {test::Layout::kClustered, test::Layout::kRandom}) {
        char name[64];
        std::snprintf(name, sizeof(name), "w%u/d%.2f/%s", width, density,
                      layout == test::Layout::kRandom ? "random" : "clustered");
        const Input in{name, width, [=] { return tiled_synthetic(width, density, layout); }};
        add("memcpy", in, bm_memcpy);
        add("zvc_encode", in, encode(kZvc));
        add("zvc_decode", in, decode(kZvc));
        add("zrle_encode", in, encode(kZrle));
        add("zrle_decode", in, decode(kZrle));
      }
    }
  }
  // Byte planes per width: content does not matter to them.
  for (unsigned width : {1u, 2u, 4u, 8u}) {
    char name[16];
    std::snprintf(name, sizeof(name), "w%u/dense", width);
    const Input in{name, width, [=] { return tiled_synthetic(width, 1.0, test::Layout::kRandom); }};
    add("memcpy", in, bm_memcpy);
    add("byteplane_split", in, bm_split);
    add("byteplane_join", in, bm_join);
  }
}

}  // namespace
}  // namespace cdma::bench

int main(int argc, char** argv) { return cdma::bench::run_benchmarks(argc, argv, cdma::bench::register_all); }

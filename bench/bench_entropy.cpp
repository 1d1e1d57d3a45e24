// Throughput of the entropy coder on the streams the byte-plane pipeline
// gives it: byte 3 (sign and exponent) and byte 2 (exponent LSB and top
// mantissa bits) of every nonzero fp32 element of vgg/final, in cache
// (16 KiB, the size of a plane of one 128 KiB block, to 1 MiB) and out of
// cache (64 MiB). An order-0 coder has no window, so tiling the ~270 KB
// planes to larger sizes flatters nothing. The "/wide" runs force 32 lanes
// (EncodeOptions{0}), which small streams do not take by default.
// Bytes/s count uncompressed bytes; counters: "ratio" (input / output),
// "vs_shannon" (output without mode and table / order-0 Shannon bound) and
// "mode" (entropy.hpp: 2 = RANS4, 3 = RANS32).
//
// A synthetic sweep ("/d0.01" .. "/d0.99", 1 MiB) covers what real planes do
// not: byte streams in which each byte is nonzero with probability d (then
// uniform over 1..255), from almost all zeros (order-0 entropy ~0.1 bit, the
// RLE/short-table end) to almost uniform (~8 bits, where the coder must
// fall back to RAW cheaply).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <cstring>
#include <filesystem>
#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "codecs/entropy/entropy.hpp"
#include "common/error.hpp"
#include "benchmark_main.hpp"
#include "tiled_data.hpp"

namespace cdma::bench {
namespace {

std::filesystem::path data_root() {
  const char* env = std::getenv("CDMA_BENCH_DATA");
  return env != nullptr ? std::filesystem::path(env) : std::filesystem::path(CDMA_BENCH_DATA_DIR);
}

// Plane numbers from kSyntheticBase on name synthetic streams of density
// kDensities[plane - kSyntheticBase].
constexpr unsigned kSyntheticBase = 100;
constexpr double kDensities[] = {0.01, 0.1, 0.5, 0.9, 0.99};

std::vector<uint8_t> synthetic_stream(double density, size_t size) {
  std::vector<uint8_t> out(size);
  uint64_t x = 0x9e3779b97f4a7c15ULL;  // xorshift64*: fixed seed, same bytes every run
  for (uint8_t& b : out) {
    x ^= x >> 12, x ^= x << 25, x ^= x >> 27;
    const uint64_t r = x * 0x2545f4914f6cdd1dULL;
    const bool nonzero = static_cast<double>(r >> 11) * 0x1.0p-53 < density;
    b = nonzero ? static_cast<uint8_t>(1 + (r & 0xffff) % 255) : 0;
  }
  return out;
}

// Byte `plane` of every nonzero 4-byte element of every .npy in the set.
std::vector<uint8_t> fp32_plane(const std::filesystem::path& dir, unsigned plane) {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().extension() == ".npy") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::vector<uint8_t> out;
  for (const auto& f : files) {
    const auto p = npy_payload(f);
    for (size_t i = 0; i + 4 <= p.size(); i += 4) {
      uint32_t v;
      std::memcpy(&v, &p[i], 4);
      if (v != 0) out.push_back(p[i + plane]);
    }
  }
  if (out.empty()) throw std::runtime_error("no fp32 data under " + dir.string());
  return out;
}

// One stream and its encoded form, made once per (plane, size) and kept
// between benchmark calls: decode runs read what encode runs wrote.
struct Stream {
  AlignedBytes src;
  AlignedBytes enc;
  AlignedBytes out;
  entropy::EncodeOptions options;
  size_t size = 0;
  size_t enc_size = 0;
  double shannon = 0;  // bytes
  size_t table = 0;
};

Stream& stream(unsigned plane, size_t size, bool wide) {
  static std::map<std::tuple<unsigned, size_t, bool>, Stream> cache;
  static std::map<unsigned, std::vector<uint8_t>> planes;
  Stream& s = cache[{plane, size, wide}];
  if (s.src) return s;
  auto& period = planes[plane];
  if (period.empty())
    period = plane >= kSyntheticBase ? synthetic_stream(kDensities[plane - kSyntheticBase], size)
                                     : fp32_plane(data_root() / "vgg/final", plane);
  s.src = aligned_bytes(size);
  for (size_t done = 0; done < size;) {
    const size_t n = std::min(period.size(), size - done);
    std::memcpy(s.src.get() + done, period.data(), n);
    done += n;
  }
  s.size = size;
  s.options.wide_min_payload = wide ? 0 : entropy::kWideMinPayload;
  s.enc = aligned_bytes(entropy::encode_bound(size));
  s.out = aligned_bytes(size);
  s.enc_size = entropy::encode(s.src.get(), size, s.enc.get(), entropy::encode_bound(size), s.options);
  uint32_t hist[256];
  entropy::histogram(s.src.get(), size, hist);
  s.shannon = entropy::shannon_bits(hist, size) / 8;
  const uint8_t mode = s.enc[0];
  if (mode == entropy::kModeRans4 || mode == entropy::kModeRans32) {
    uint16_t norm[256];
    unsigned log = 0;
    s.table = entropy::read_table(s.enc.get() + 1, s.enc_size - 1, norm, &log);
  }
  return s;
}

void finish(benchmark::State& state, const Stream& s) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * s.size));
  state.counters["ratio"] = static_cast<double>(s.size) / static_cast<double>(s.enc_size);
  state.counters["vs_shannon"] = static_cast<double>(s.enc_size - 1 - s.table) / s.shannon;
  state.counters["mode"] = s.enc[0];
}

void bm_histogram(benchmark::State& state, unsigned plane, size_t size, bool wide) {
  Stream& s = stream(plane, size, wide);
  uint32_t hist[256];
  for (auto _ : state) {
    entropy::histogram(s.src.get(), s.size, hist);
    benchmark::DoNotOptimize(hist);
  }
  finish(state, s);
}

void bm_encode(benchmark::State& state, unsigned plane, size_t size, bool wide) {
  Stream& s = stream(plane, size, wide);
  size_t n = 0;
  for (auto _ : state) {
    n = entropy::encode(s.src.get(), s.size, s.enc.get(), entropy::encode_bound(s.size), s.options);
    benchmark::ClobberMemory();
  }
  if (n != s.enc_size) return state.SkipWithError("encode is not deterministic");
  finish(state, s);
}

void bm_decode(benchmark::State& state, unsigned plane, size_t size, bool wide) {
  Stream& s = stream(plane, size, wide);
  size_t r = 0;
  for (auto _ : state) {
    r = entropy::decode(s.enc.get(), s.enc_size, s.out.get(), s.size);
    benchmark::ClobberMemory();
  }
  if (r != s.size) return state.SkipWithError(error_message(error_code(r)));
  if (std::memcmp(s.out.get(), s.src.get(), s.size) != 0) return state.SkipWithError("round trip differs");
  finish(state, s);
}

void register_all() {
  using Fn = void (*)(benchmark::State&, unsigned, size_t, bool);
  const std::pair<const char*, Fn> runs[] = {
      {"histogram", bm_histogram}, {"encode", bm_encode}, {"decode", bm_decode}};
  const std::pair<const char*, unsigned> planes[] = {{"exp_byte3", 3}, {"byte2", 2}};
  struct Size {
    const char* name;
    size_t bytes;
    bool wide;
  };
  const Size sizes[] = {{"16KiB", size_t{16} << 10, false}, {"16KiB/wide", size_t{16} << 10, true},
                        {"64KiB", size_t{64} << 10, false}, {"256KiB", size_t{256} << 10, false},
                        {"1MiB", size_t{1} << 20, false},   {"64MiB", size_t{64} << 20, false}};
  for (const auto& [plane_name, plane] : planes)
    for (const Size& size : sizes)
      for (const auto& [run_name, fn] : runs) {
        if (size.wide && fn == bm_histogram) continue;  // the same work as without /wide
        const std::string name = std::string(run_name) + "/" + plane_name + "/" + size.name;
        benchmark::RegisterBenchmark(name.c_str(), [fn = fn, plane = plane, size](benchmark::State& st) {
          fn(st, plane, size.bytes, size.wide);
        })
            ->UseRealTime()
            ->Unit(benchmark::kMicrosecond)
            ->Repetitions(5)
            ->ReportAggregatesOnly(true);
      }
  for (unsigned d = 0; d < std::size(kDensities); ++d)
    for (const auto& [run_name, fn] : runs) {
      char name[64];
      std::snprintf(name, sizeof(name), "%s/synthetic/d%.2f/1MiB", run_name, kDensities[d]);
      benchmark::RegisterBenchmark(name, [fn = fn, d](benchmark::State& st) {
        fn(st, kSyntheticBase + d, size_t{1} << 20, false);
      })
          ->UseRealTime()
          ->Unit(benchmark::kMicrosecond)
          ->Repetitions(5)
          ->ReportAggregatesOnly(true);
    }
}

}  // namespace
}  // namespace cdma::bench

int main(int argc, char** argv) { return cdma::bench::run_benchmarks(argc, argv, cdma::bench::register_all); }

// The codec-family table of issue 3: for each data set, every cdma level
// beside lz4, zstd -1/-3/-19 and zlib -6, on the same bytes in one process.
// Ratio = the set's total data bytes / total compressed bytes, each file
// compressed on its own (as ../shared/MEASUREMENTS.md measures). Speeds are
// single-threaded, the median of several rounds over the whole set (each
// round runs every method in turn), with every decode verified.
// Usage: level_table [--rounds N] [--no-slow] [--csv] [--only METHOD] [--set PREFIX] [--max-target T]
//   --only "cdma -3" (or a comma-separated list, "zstd -1,cdma -3") and
//   --set fp32 narrow the run, e.g. for a profiler or an A/B comparison;
//   --phase compress|decompress repeats only that direction after round 0;
//   --no-checksum adds each cdma level without its content checksum ("nc"),
//   and zstd -1 with its checksum ("zstd -1 +xxh"): both pairs like for like;
//   --max-target AVX2 caps the dispatch of every kernel (on an AVX-512
//   machine, the AVX2 kernels; AVX3 keeps AVX-512 without the VBMI kernels).
//   --cpu-time times each pass in the thread's CPU time, not wall time.
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "baselines/baselines.hpp"
#include "cdma/cdma.h"
#include "simd/dispatch.hpp"
#include "simd_cap.hpp"
#include "tiled_data.hpp"

namespace {

namespace fs = std::filesystem;

struct Set {
  std::string name;
  unsigned width;
  std::vector<std::vector<uint8_t>> files;
  size_t bytes = 0;
};

using Encode = std::function<size_t(const std::vector<uint8_t>&, std::vector<uint8_t>&)>;
using Decode = std::function<size_t(const std::vector<uint8_t>&, size_t, std::vector<uint8_t>&)>;

struct Method {
  std::string name;
  Encode encode;
  Decode decode;
  bool slow = false;
};

// Wall time, or with --cpu-time the thread's CPU time: on a machine whose
// cores are shared several times over, a pass of a few milliseconds is
// preempted or not by chance, which wall-time medians do not even out.
bool g_cpu_time = false;

double now_seconds() {
  if (g_cpu_time) {
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
  }
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

double seconds_since(double t0) {
  return now_seconds() - t0;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

Set load(const std::string& name, unsigned width, const fs::path& root, const std::vector<std::string>& dirs) {
  Set s{name, width, {}, 0};
  for (const auto& d : dirs) {
    std::vector<fs::path> paths;
    for (const auto& e : fs::directory_iterator(root / d))
      if (e.path().extension() == ".npy") paths.push_back(e.path());
    std::sort(paths.begin(), paths.end());
    for (const auto& p : paths) {
      s.files.push_back(cdma::bench::npy_payload(p));
      s.bytes += s.files.back().size();
    }
  }
  return s;
}

// checksum = false drops the XXH3 content checksum (CDMA_P_CHECKSUM = 0),
// like for like with zstd's and lz4's default one-shot calls, which write
// none; cdma_compress() writes one. Those methods also code through
// contexts kept from call to call, as a program coding many tensors would:
// the context owns the codecs' scratch, which a one-shot call allocates.
Method cdma_level(int level, unsigned width, bool checksum) {
  auto enc = [level, width, checksum](const std::vector<uint8_t>& in, std::vector<uint8_t>& out) {
    out.resize(cdma_compress_bound(in.size()));
    if (checksum)
      return cdma_compress(out.data(), out.size(), in.data(), in.size(), static_cast<int>(width), level);
    thread_local cdma_cctx* c = cdma_cctx_create();
    cdma_cctx_reset(c);
    cdma_cctx_set_param(c, CDMA_P_ELEMENT_WIDTH, static_cast<int>(width));
    cdma_cctx_set_param(c, CDMA_P_LEVEL, level);
    cdma_cctx_set_param(c, CDMA_P_CHECKSUM, 0);
    return cdma_compress_cctx(c, out.data(), out.size(), in.data(), in.size());
  };
  auto dec = [checksum](const std::vector<uint8_t>& in, size_t n, std::vector<uint8_t>& out) {
    if (checksum) return cdma_decompress(out.data(), out.size(), in.data(), n);
    thread_local cdma_dctx* d = cdma_dctx_create();
    return cdma_decompress_dctx(d, out.data(), out.size(), in.data(), n);
  };
  return {"cdma -" + std::to_string(level) + (checksum ? "" : " nc"), enc, dec, false};
}

// A general-purpose library (lib/baselines), one-shot as its users call it.
// A checksummed zstd keeps its context from call to call: the one-shot
// ZSTD_compress() has no way to ask for the checksum.
Method library(std::string name, cdma::baselines::Codec codec, bool slow) {
  namespace bl = cdma::baselines;
  auto contexts = codec.checksum ? std::make_shared<bl::Contexts>() : nullptr;
  auto enc = [codec, contexts](const std::vector<uint8_t>& in, std::vector<uint8_t>& out) {
    out.resize(bl::compress_bound(codec.library, in.size()));
    return bl::compress(codec, in.data(), in.size(), out.data(), out.size(), contexts.get());
  };
  auto dec = [codec](const std::vector<uint8_t>& in, size_t n, std::vector<uint8_t>& out) {
    return bl::decompress(codec.library, in.data(), n, out.data(), out.size());
  };
  return {std::move(name), enc, dec, slow};
}

Method zstd_level(int level) {
  return library("zstd -" + std::to_string(level), {cdma::baselines::Library::zstd, level}, level >= 10);
}

// zstd with its content checksum (XXH64), as the zstd command line writes
// by default: like for like with cdma_compress()'s checksummed frames.
Method zstd_checksummed(int level) {
  const cdma::baselines::Codec codec{cdma::baselines::Library::zstd, level, true};
  return library("zstd -" + std::to_string(level) + " +xxh", codec, false);
}

Method lz4() { return library("lz4", {cdma::baselines::Library::lz4}, false); }

Method zlib6() { return library("zlib -6", {cdma::baselines::Library::zlib, 6}, true); }

// One method's results over the rounds: its compressed files and sizes,
// and the seconds each timed pass took.
struct Runs {
  explicit Runs(size_t files) : enc(files), sizes(files) {}
  std::vector<std::vector<uint8_t>> enc;
  std::vector<size_t> sizes;
  std::vector<double> ct, dt;
};

// Round `round` of method m over the whole set: compress every file (timed;
// after round 0 only when phase is not "decompress"), then decompress every
// file (timed, unless phase is "compress" after round 0) and check the bytes.
bool run_round_or_throw(const Set& set, const Method& m, int round, const std::string& phase, Runs& r) {
  double t0 = now_seconds();
  if (round == 0 || phase != "decompress") {
    for (size_t i = 0; i < set.files.size(); ++i) r.sizes[i] = m.encode(set.files[i], r.enc[i]);
    r.ct.push_back(seconds_since(t0));
  }
  if (round > 0 && phase == "compress") return true;
  // Decoded sizes are checked in the timed loop, the bytes after it.
  std::vector<std::vector<uint8_t>> backs(set.files.size());
  for (size_t i = 0; i < set.files.size(); ++i) backs[i].resize(set.files[i].size());
  t0 = now_seconds();
  bool ok = true;
  for (size_t i = 0; i < set.files.size(); ++i) ok &= m.decode(r.enc[i], r.sizes[i], backs[i]) == backs[i].size();
  r.dt.push_back(seconds_since(t0));
  for (size_t i = 0; i < set.files.size(); ++i) ok &= backs[i] == set.files[i];
  if (!ok) std::fprintf(stderr, "%s: %s decoded wrong bytes\n", set.name.c_str(), m.name.c_str());
  return ok;
}

// run_round_or_throw, with a library's failure (lib/baselines throws)
// reported like wrong bytes.
bool run_round(const Set& set, const Method& m, int round, const std::string& phase, Runs& r) {
  try {
    return run_round_or_throw(set, m, round, phase, r);
  } catch (const std::runtime_error& e) {
    std::fprintf(stderr, "%s: %s failed: %s\n", set.name.c_str(), m.name.c_str(), e.what());
    return false;
  }
}

// True when `name` is one of the comma-separated entries of `list`.
bool listed(const std::string& list, const std::string& name) {
  size_t start = 0;
  while (start <= list.size()) {
    const size_t comma = std::min(list.find(',', start), list.size());
    if (list.compare(start, comma - start, name) == 0) return true;
    start = comma + 1;
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = 5;
  bool slow = true, csv = false, no_checksum = false;
  std::string only, set_prefix, phase;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--rounds" && i + 1 < argc) rounds = std::atoi(argv[++i]);
    else if (a == "--no-slow") slow = false;
    else if (a == "--csv") csv = true;
    else if (a == "--only" && i + 1 < argc) only = argv[++i];
    else if (a == "--set" && i + 1 < argc) set_prefix = argv[++i];
    else if (a == "--phase" && i + 1 < argc) phase = argv[++i];
    else if (a == "--no-checksum") no_checksum = true;
    else if (a == "--cpu-time") g_cpu_time = true;
    else if (a == "--max-target" && (i + 1 == argc || !cdma::bench::cap_simd_target(argv[i + 1]))) {
      std::fprintf(stderr, "level_table: --max-target needs a Highway target name (AVX3, AVX2, SSE4)%s%s\n",
                   i + 1 < argc ? ", not " : "", i + 1 < argc ? argv[i + 1] : "");
      return 1;
    } else if (a == "--max-target") {
      ++i;
    }
  }
  const char* env = std::getenv("CDMA_BENCH_DATA");
  const fs::path root = env != nullptr ? env : CDMA_BENCH_DATA_DIR;
  std::vector<Set> sets;
  std::vector<std::string> fp32_dirs;
  for (const char* net : {"vgg", "resnet"})
    for (const char* stage : {"init", "early", "mid", "final"}) fp32_dirs.push_back(std::string(net) + "/" + stage);
  sets.push_back(load("fp32 (all stages)", 4, root, fp32_dirs));
  sets.push_back(load("fp16 (final)", 2, root, {"vgg/final-fp16", "resnet/final-fp16"}));
  sets.push_back(load("bf16 (final)", 2, root, {"vgg/final-bf16", "resnet/final-bf16"}));

  if (csv) std::printf("set,method,ratio,compress_gbps,decompress_gbps\n");
  else std::printf("SIMD target %s\n", cdma::simd::dispatch_summary().c_str());
  for (const Set& set : sets) {
    if (set.name.rfind(set_prefix, 0) != 0) continue;
    std::vector<Method> methods = {lz4(), zstd_level(1), zstd_level(3), zstd_level(19), zlib6()};
    if (no_checksum) methods.push_back(zstd_checksummed(1));
    for (int l = 1; l <= 9; ++l) {
      methods.push_back(cdma_level(l, set.width, true));
      if (no_checksum) methods.push_back(cdma_level(l, set.width, false));
    }
    if (!csv) std::printf("\n%s: %zu files, %.1f MiB\n%-10s %7s %12s %12s\n", set.name.c_str(), set.files.size(),
                          set.bytes / 1048576.0, "method", "ratio", "comp GB/s", "decomp GB/s");
    std::vector<const Method*> chosen;
    for (const Method& m : methods)
      if (!(m.slow && !slow) && (only.empty() || listed(only, m.name))) chosen.push_back(&m);
    // Rounds are interleaved: each round runs every method in turn, so a
    // slow or fast stretch of a shared machine lands on all of them alike
    // and the ratios between their medians stay fair. Each method first
    // makes an untimed pass, which warms caches and predictors for it as
    // back-to-back rounds of one method would (a codec in steady use).
    // Slow methods run once.
    std::vector<Runs> runs(chosen.size(), Runs(set.files.size()));
    for (int round = 0; round < rounds; ++round)
      for (size_t k = 0; k < chosen.size(); ++k) {
        if (chosen[k]->slow && round > 0) continue;
        if (!chosen[k]->slow) {
          // Into the method's own buffers (no page faults), times dropped.
          Runs& r = runs[k];
          const size_t timed_c = r.ct.size(), timed_d = r.dt.size();
          if (!run_round(set, *chosen[k], round, phase, r)) return 1;
          r.ct.resize(timed_c), r.dt.resize(timed_d);
        }
        if (!run_round(set, *chosen[k], round, phase, runs[k])) return 1;
      }
    for (size_t k = 0; k < chosen.size(); ++k) {
      const Method& m = *chosen[k];
      size_t total = 0;
      for (size_t s : runs[k].sizes) total += s;
      const double ratio = static_cast<double>(set.bytes) / static_cast<double>(total);
      const double cg = set.bytes / median(runs[k].ct) / 1e9, dg = set.bytes / median(runs[k].dt) / 1e9;
      if (csv)
        std::printf("%s,%s,%.4f,%.4f,%.4f\n", set.name.c_str(), m.name.c_str(), ratio, cg, dg);
      else
        std::printf("%-10s %7.3f %12.3f %12.3f\n", m.name.c_str(), ratio, cg, dg);
    }
    std::fflush(stdout);
  }
  return 0;
}

#include "model/engine.hpp"

#include <algorithm>

#include "model/errors.hpp"

namespace cdma::model {
namespace {

// Widths per unit. ZVC compares a 32-byte group (8 fp32) with zero and
// compacts the survivors with a prefix sum: no serial dependency, so it is
// cheap to make wide. Entropy and LZ coders carry state from symbol to
// symbol, so a unit codes a few bytes per cycle from interleaved lanes.
constexpr CodecProfile kProfiles[] = {
    {"store", 64, "a copy: one 64-byte DRAM atom per cycle, no transform"},
    {"zvc", 32, "zero mask and prefix-sum compaction of 8 fp32 elements per cycle"},
    {"zrle", 16, "run-length scan: the run counter is a serial dependency, half ZVC's width"},
    {"split", 4, "rANS: one byte symbol per lane per cycle, 4 interleaved lanes"},
    {"zstd", 4, "LZ match finding then an FSE/Huffman stage, like the entropy coder"},
    {"lz4", 8, "LZ match finding without an entropy stage"},
};

const CodecProfile& profile_named(std::string_view name) {
  for (const CodecProfile& p : kProfiles)
    if (p.name == name) return p;
  throw ModelError(ErrorKind::usage, "no engine profile for codec '" + std::string(name) +
                                         "' (known: " + std::string(codec_profile_names()) + ")");
}

}  // namespace

const CodecProfile& codec_profile(std::string_view codec, int level) {
  if (codec == "auto") return profile_named(level == 1 ? "zvc" : "split");
  return profile_named(codec);
}

std::string_view codec_profile_names() { return "store zvc zrle split zstd lz4 auto"; }

double engine_throughput(int units, double bytes_per_cycle, double clock_hz, double dram_share,
                         double dram_bps) {
  return std::min(units * bytes_per_cycle * clock_hz, dram_share * dram_bps);
}

std::string_view bound_name(Bound b) {
  switch (b) {
    case Bound::compute: return "compute";
    case Bound::link: return "link";
    case Bound::engine: return "engine";
    case Bound::none: break;
  }
  return "-";
}

Transfer compressed_transfer(double bytes, double ratio, double engine_bps, double link_bps,
                             double latency_s) {
  const double engine_s = bytes / engine_bps;
  const double link_s = bytes / (ratio * link_bps);
  if (engine_s > link_s) return {engine_s + latency_s, Bound::engine};
  return {link_s + latency_s, Bound::link};
}

Transfer plain_transfer(double bytes, double link_bps, double latency_s) {
  return {bytes / link_bps + latency_s, Bound::link};
}

void validate_engine(const EngineSpec& e) {
  auto fail = [](const std::string& what) { throw ModelError(ErrorKind::usage, what); };
  if (e.compress_units < 1 || e.decompress_units < 1) fail("engine units must be >= 1");
  if (!(e.clock_hz >= 0)) fail("engine clock must be >= 0");
  if (!(e.dram_share > 0 && e.dram_share <= 1)) fail("engine DRAM share must be in (0, 1]");
  if (e.bytes_per_cycle && !(*e.bytes_per_cycle > 0)) fail("engine bytes/cycle must be > 0");
}

}  // namespace cdma::model

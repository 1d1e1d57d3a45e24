// The compressing DMA engine: compression units on the offload path and
// decompression units on the prefetch path, each coding some bytes per cycle
// at the GPU clock, together never taking more than a share of DRAM
// bandwidth. A transfer of S bytes at ratio r takes
//
//   max(S / engine throughput, S / (r * link bandwidth)) + latency
//
// and whichever of the two terms is larger is the bound that binds.
// docs/cost-model.md, "Engine", gives the equations and the assumptions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cdma::model {

struct EngineSpec {
  int compress_units = 8;    // used by offloads (GPU -> host)
  int decompress_units = 8;  // used by prefetches (host -> GPU)
  double clock_hz = 0;       // 0: the GPU's boost clock (the engine sits in its clock domain)
  double dram_share = 0.25;  // of DRAM bandwidth the engine may take from compute
  // Overrides the codec's bytes/cycle/unit (CodecProfile) for every codec.
  std::optional<double> bytes_per_cycle;
};

// How wide one engine unit is for a codec: uncompressed bytes it consumes
// (compression) or produces (decompression) per cycle. These are this
// model's assumptions, not measurements; `why` says what each rests on.
struct CodecProfile {
  std::string_view name;
  double bytes_per_cycle;
  std::string_view why;
};

// The profile for a codec name (store, zvc, zrle, split, zstd, lz4, auto) at
// a level (0: library default). "auto" is provisioned for the slowest codec
// it may pick: plain ZVC at level 1, the entropy coder otherwise. An unknown
// name throws ModelError(usage).
const CodecProfile& codec_profile(std::string_view codec, int level);

// Every profile, for documentation and --list output.
std::string_view codec_profile_names();

// min(units * bytes_per_cycle * clock, dram_share * dram_bps), in bytes/s.
double engine_throughput(int units, double bytes_per_cycle, double clock_hz, double dram_share,
                         double dram_bps);

enum class Bound { none, compute, link, engine };
std::string_view bound_name(Bound b);

struct Transfer {
  double seconds = 0;
  Bound bound = Bound::none;  // link or engine
};

// max(bytes / engine_bps, bytes / (ratio * link_bps)) + latency_s. Ties go to
// the link: at ratio 1 an engine at least as fast as the link costs nothing.
Transfer compressed_transfer(double bytes, double ratio, double engine_bps, double link_bps,
                             double latency_s);

// A plain DMA copy: bytes / link_bps + latency_s, always link-bound.
Transfer plain_transfer(double bytes, double link_bps, double latency_s);

// Throws ModelError(usage) naming the first field out of range.
void validate_engine(const EngineSpec& engine);

}  // namespace cdma::model

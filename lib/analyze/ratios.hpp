// Compressed sizes measured for real: every cdma codec and level the linked
// library accepts (through the public C API, one frame per tensor, default
// block size and checksum, no metadata), and the plain libraries as the
// baselines users know: libzstd at levels 1 and 19 (`zstd -1`, `zstd -19`)
// and liblz4's default, each over the whole tensor in one call.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace cdma::analyze {

// A cdma codec to measure: its name and its id (cdma_codec).
struct CodecSpec {
  std::string name;
  int id = 0;
};

enum class Family { cdma, library };

struct Method {
  std::string label;  // "split/9" for cdma codecs; "libzstd-19", "liblz4" for the libraries
  Family family = Family::cdma;
  std::string codec;  // "split", "zstd", "lz4"
  int level = 0;
  int cdma_id = 0;    // for Family::cdma
};

struct RatioPlan {
  std::vector<Method> methods;
  std::vector<std::string> skipped;  // "zrle (<why>)" for codecs the library refused
};

// The methods to measure: each of `codecs` at each of `levels` (in that
// order), then libzstd-1, libzstd-19 (only when `with_zstd19`) and liblz4.
// A codec the library rejects (cdma_cctx_set_param fails, as for a codec not
// registered in this build) is left out and listed in `skipped`, so the
// analysis works whichever codecs exist.
RatioPlan plan_ratios(std::span<const CodecSpec> codecs, std::span<const int> levels,
                      bool with_zstd19);

// Measures one tensor at a time; holds the contexts and buffers, so that a
// thread reuses them for every tensor it analyses. Not thread-safe: one per
// thread.
class RatioMeter {
 public:
  explicit RatioMeter(const RatioPlan& plan);
  ~RatioMeter();
  RatioMeter(const RatioMeter&) = delete;
  RatioMeter& operator=(const RatioMeter&) = delete;

  // The compressed size of `data` under every method of the plan, in plan
  // order; nullopt where a method failed on this input (e.g. a codec that
  // refuses this element width). `width` is the cdma element width.
  std::vector<std::optional<uint64_t>> measure(std::span<const uint8_t> data, unsigned width);

 private:
  struct State;
  const RatioPlan& plan_;
  std::unique_ptr<State> state_;
};

}  // namespace cdma::analyze

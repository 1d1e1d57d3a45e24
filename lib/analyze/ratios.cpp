#include "analyze/ratios.hpp"

#include <algorithm>
#include <new>
#include <stdexcept>

#include "baselines/baselines.hpp"
#include "cdma/cdma.h"

namespace cdma::analyze {
namespace {

struct CctxFree {
  void operator()(cdma_cctx* c) const { cdma_cctx_free(c); }
};
using Cctx = std::unique_ptr<cdma_cctx, CctxFree>;

Cctx new_cctx() {
  Cctx c(cdma_cctx_create());
  if (!c) throw std::bad_alloc();
  return c;
}

Method library_method(const char* label, const char* codec, int level) {
  Method m;
  m.label = label;
  m.family = Family::library;
  m.codec = codec;
  m.level = level;
  return m;
}

}  // namespace

RatioPlan plan_ratios(std::span<const CodecSpec> codecs, std::span<const int> levels,
                      bool with_zstd19) {
  RatioPlan plan;
  const Cctx probe = new_cctx();
  for (const CodecSpec& c : codecs) {
    const size_t r = cdma_cctx_set_param(probe.get(), CDMA_P_CODEC, c.id);
    if (cdma_is_error(r)) {
      plan.skipped.push_back(c.name + " (the linked library refuses it: " + cdma_error_name(r) + ")");
      continue;
    }
    for (const int level : levels) {
      if (cdma_is_error(cdma_cctx_set_param(probe.get(), CDMA_P_LEVEL, level))) continue;
      Method m;
      m.label = c.name + "/" + std::to_string(level);
      m.codec = c.name;
      m.level = level;
      m.cdma_id = c.id;
      plan.methods.push_back(std::move(m));
    }
  }
  plan.methods.push_back(library_method("libzstd-1", "zstd", 1));
  if (with_zstd19) plan.methods.push_back(library_method("libzstd-19", "zstd", 19));
  plan.methods.push_back(library_method("liblz4", "lz4", 1));
  return plan;
}

struct RatioMeter::State {
  Cctx cctx = new_cctx();
  baselines::Contexts baselines;
  std::vector<uint8_t> dst;
};

RatioMeter::RatioMeter(const RatioPlan& plan) : plan_(plan), state_(std::make_unique<State>()) {}

RatioMeter::~RatioMeter() = default;

namespace {

std::optional<uint64_t> cdma_size(cdma_cctx* cctx, const Method& m, unsigned width,
                                  std::span<const uint8_t> data, std::vector<uint8_t>& dst) {
  for (const auto& [param, value] : {std::pair{CDMA_P_CODEC, int64_t{m.cdma_id}},
                                    std::pair{CDMA_P_LEVEL, int64_t{m.level}},
                                    std::pair{CDMA_P_ELEMENT_WIDTH, int64_t{width}}})
    if (cdma_is_error(cdma_cctx_set_param(cctx, param, value))) return std::nullopt;
  const size_t bound = cdma_cctx_compress_bound(cctx, data.size());
  if (cdma_is_error(bound)) return std::nullopt;
  if (dst.size() < bound) dst.resize(bound);
  const size_t n = cdma_compress_cctx(cctx, dst.data(), dst.size(), data.data(), data.size());
  if (cdma_is_error(n)) return std::nullopt;
  return n;
}

// The size of `data` as the library's user would store it: one call, or
// consecutive calls of at most what one call takes (an LZ4 block holds at
// most ~2 GB), each into the same scratch buffer.
std::optional<uint64_t> library_size(const baselines::Codec& codec, std::span<const uint8_t> data,
                                     std::vector<uint8_t>& dst, baselines::Contexts& contexts) {
  const size_t chunk = baselines::max_input(codec.library);
  try {
    const size_t bound = baselines::compress_bound(codec.library, std::min(data.size(), chunk));
    if (dst.size() < bound) dst.resize(bound);
    uint64_t total = 0;
    size_t pos = 0;
    do {
      const size_t len = std::min(chunk, data.size() - pos);
      total += baselines::compress(codec, data.data() + pos, len, dst.data(), dst.size(), &contexts);
      pos += len;
    } while (pos < data.size());
    return total;
  } catch (const std::runtime_error&) {
    return std::nullopt;
  }
}

}  // namespace

std::vector<std::optional<uint64_t>> RatioMeter::measure(std::span<const uint8_t> data,
                                                         unsigned width) {
  std::vector<std::optional<uint64_t>> sizes;
  sizes.reserve(plan_.methods.size());
  for (const Method& m : plan_.methods) {
    if (m.family == Family::cdma)
      sizes.push_back(cdma_size(state_->cctx.get(), m, width, data, state_->dst));
    else if (m.codec == "zstd")
      sizes.push_back(library_size({baselines::Library::zstd, m.level}, data, state_->dst, state_->baselines));
    else
      sizes.push_back(library_size({baselines::Library::lz4}, data, state_->dst, state_->baselines));
  }
  return sizes;
}

}  // namespace cdma::analyze

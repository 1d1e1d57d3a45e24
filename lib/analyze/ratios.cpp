#include "analyze/ratios.hpp"

#include <lz4.h>
#include <zstd.h>

#include <algorithm>
#include <new>

#include "cdma/cdma.h"

namespace cdma::analyze {
namespace {

struct CctxFree {
  void operator()(cdma_cctx* c) const { cdma_cctx_free(c); }
};
struct ZstdFree {
  void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
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
  std::unique_ptr<ZSTD_CCtx, ZstdFree> zstd{ZSTD_createCCtx()};
  std::vector<uint8_t> dst;
};

RatioMeter::RatioMeter(const RatioPlan& plan) : plan_(plan), state_(std::make_unique<State>()) {
  if (!state_->zstd) throw std::bad_alloc();
}

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

std::optional<uint64_t> zstd_size(ZSTD_CCtx* cctx, int level, std::span<const uint8_t> data,
                                  std::vector<uint8_t>& dst) {
  const size_t bound = ZSTD_compressBound(data.size());
  if (ZSTD_isError(bound)) return std::nullopt;
  if (dst.size() < bound) dst.resize(bound);
  const size_t n = ZSTD_compressCCtx(cctx, dst.data(), dst.size(), data.data(), data.size(), level);
  if (ZSTD_isError(n)) return std::nullopt;
  return n;
}

// One LZ4 block holds at most LZ4_MAX_INPUT_SIZE (~2 GB); larger tensors are
// measured as consecutive blocks, as any LZ4 user would have to store them.
std::optional<uint64_t> lz4_size(std::span<const uint8_t> data, std::vector<uint8_t>& dst) {
  const size_t chunk = LZ4_MAX_INPUT_SIZE;
  const size_t bound = static_cast<size_t>(LZ4_compressBound(
      static_cast<int>(std::min(data.size(), chunk))));
  if (dst.size() < bound) dst.resize(bound);
  uint64_t total = 0;
  size_t pos = 0;
  do {
    const size_t len = std::min(chunk, data.size() - pos);
    const int n = LZ4_compress_default(reinterpret_cast<const char*>(data.data() + pos),
                                       reinterpret_cast<char*>(dst.data()), static_cast<int>(len),
                                       static_cast<int>(dst.size()));
    if (n <= 0 && len > 0) return std::nullopt;
    total += static_cast<uint64_t>(n);
    pos += len;
  } while (pos < data.size());
  return total;
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
      sizes.push_back(zstd_size(state_->zstd.get(), m.level, data, state_->dst));
    else
      sizes.push_back(lz4_size(data, state_->dst));
  }
  return sizes;
}

}  // namespace cdma::analyze

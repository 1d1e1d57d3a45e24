#include "model/scenarios.hpp"

#include <cmath>
#include <string>

#include "model/errors.hpp"

namespace cdma::model {
namespace {

Movement uncompressed_move(const Layer& l, const Platform& p) {
  const double bytes = static_cast<double>(l.bytes.value_or(0));
  Movement m;
  m.link_bytes = m.host_bytes = l.bytes.value_or(0);
  m.wire_s = bytes / p.link_bps();
  m.offload = m.prefetch = plain_transfer(bytes, p.link_bps(), p.link.latency_s);
  return m;
}

// bytes / ratio, rounded. The inputs' limits (limits.hpp) keep it far below
// 2^63; the check is what makes that a guarantee rather than a hope
// (llround of a larger value is undefined and printed garbage).
uint64_t shrink(uint64_t bytes, double ratio) {
  const double v = std::round(static_cast<double>(bytes) / ratio);
  if (!(v >= 0 && v < 0x1p63))
    throw ModelError(ErrorKind::data, std::to_string(bytes) + " bytes at ratio " + std::to_string(ratio) +
                                          " is more bytes than the model can count");
  return static_cast<uint64_t>(v);
}

// The software engine: the frame is made on the GPU (compress_s of GPU
// time), then copied; backward copies it back, then decodes it. The copy
// cannot start before the codec ends, so each transfer is codec + wire +
// latency, and the codec's time is also the step's (timeline.hpp).
Movement device_codec_move(const Layer& l, const Platform& p) {
  if (!l.compress_s) return uncompressed_move(l, p);
  const double bytes = static_cast<double>(l.bytes.value_or(0));
  Movement m;
  m.ratio = l.ratio.value_or(1.0);
  m.link_bytes = m.host_bytes = shrink(l.bytes.value_or(0), m.ratio);
  m.wire_s = bytes / (m.ratio * p.link_bps());
  m.offload_codec_s = *l.compress_s;
  m.prefetch_codec_s = l.decompress_s.value_or(0);
  m.offload = {m.offload_codec_s + m.wire_s + p.link.latency_s, Bound::link};
  m.prefetch = {m.prefetch_codec_s + m.wire_s + p.link.latency_s, Bound::link};
  return m;
}

// Each row's DRAM rate for contention, or none when it is switched off.
DramRates dram_rates(const std::vector<Layer>& layers, const Platform& p) {
  DramRates rates;
  if (!p.dram_contention) return rates;
  for (const Layer& l : layers) rates.push_back(p.dram_bps * p.efficiency_for(l.kind));
  return rates;
}

}  // namespace

ScenarioResult run_scenario(const std::vector<Layer>& layers, const std::vector<bool>& plan,
                            const Platform& p, ScenarioKind kind, const CodecChoice* codec) {
  ScenarioResult r;
  r.kind = kind;
  Mover move;
  switch (kind) {
    case ScenarioKind::oracle:
      r.label = "oracle";
      r.timeline = simulate(layers, std::vector<bool>(layers.size(), false), {});
      return r;
    case ScenarioKind::uncompressed:
      r.label = "uncompressed";
      move = [&p](const Layer& l) { return uncompressed_move(l, p); };
      break;
    case ScenarioKind::cpu:
      r.codec = codec->name;
      r.label = "cpu " + r.codec;
      move = [&p, codec](const Layer& l) {
        Movement m = uncompressed_move(l, p);
        m.ratio = ratio_for(l, codec->name);
        m.host_bytes = shrink(m.host_bytes, m.ratio);
        return m;
      };
      break;
    case ScenarioKind::cdma:
      r.codec = codec->name;
      r.label = "cdma " + r.codec;
      r.compress_bps = engine_bps(p, codec->name, codec->level, true);
      r.decompress_bps = engine_bps(p, codec->name, codec->level, false);
      move = [&p, codec, comp = r.compress_bps, decomp = r.decompress_bps](const Layer& l) {
        const double bytes = static_cast<double>(l.bytes.value_or(0));
        Movement m;
        m.ratio = ratio_for(l, codec->name);
        m.link_bytes = m.host_bytes = shrink(l.bytes.value_or(0), m.ratio);
        m.wire_s = bytes / (m.ratio * p.link_bps());
        m.offload = compressed_transfer(bytes, m.ratio, comp, p.link_bps(), p.link.latency_s);
        m.prefetch = compressed_transfer(bytes, m.ratio, decomp, p.link_bps(), p.link.latency_s);
        return m;
      };
      break;
    case ScenarioKind::device:
      r.codec = "device";
      r.label = "device codec";
      move = [&p](const Layer& l) { return device_codec_move(l, p); };
      break;
  }
  r.timeline = simulate(layers, plan, move, dram_rates(layers, p));
  return r;
}

ModelResult run_model(const std::vector<Layer>& layers, const Platform& p, Policy policy,
                      const std::vector<CodecChoice>& codecs) {
  ModelResult m;
  m.plan = offload_plan(layers, policy);
  m.scenarios.push_back(run_scenario(layers, m.plan, p, ScenarioKind::oracle, nullptr));
  m.scenarios.push_back(run_scenario(layers, m.plan, p, ScenarioKind::uncompressed, nullptr));
  for (const CodecChoice& c : codecs) {
    m.scenarios.push_back(run_scenario(layers, m.plan, p, ScenarioKind::cpu, &c));
    m.scenarios.push_back(run_scenario(layers, m.plan, p, ScenarioKind::cdma, &c));
  }
  if (has_codec_times(layers))
    m.scenarios.push_back(run_scenario(layers, m.plan, p, ScenarioKind::device, nullptr));
  return m;
}

bool has_codec_times(const std::vector<Layer>& layers) {
  for (const Layer& l : layers)
    if (l.compress_s) return true;
  return false;
}

}  // namespace cdma::model

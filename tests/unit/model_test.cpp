// The cost model's analytic cases, each with an answer worked out by hand
// from the equations in docs/cost-model.md: compute-bound, link-bound and
// engine-bound steps, ratio 1 against plain DMA, monotone speed-up, presets.
#include <catch2/catch.hpp>

#include "model/link.hpp"
#include "model/presets.hpp"
#include "model/scenarios.hpp"
#include "model/sweep.hpp"
#include "model/networks.hpp"
#include "model/layer_times.hpp"
#include "model_fixtures.hpp"

using namespace cdma::model;
using model_test::layer;
using model_test::titanxp;
using model_test::zvc;

namespace {

const Totals& totals(const ModelResult& m, size_t i) { return m.scenarios[i].timeline.totals; }
constexpr size_t kOracle = 0, kPlain = 1, kCpu = 2, kCdma = 3;

}  // namespace

TEST_CASE("PCIe presets: rates, encodings and the gen3 x16 sanity range", "[model][link]") {
  LinkSpec gen3;  // defaults: gen3 x16, 0.80
  CHECK(link_encoded_bps(gen3) == Approx(16e9 * 128 / 130));
  CHECK(link_bandwidth(gen3) > 12e9);
  CHECK(link_bandwidth(gen3) < 16e9);
  LinkSpec gen4 = gen3, gen5 = gen3, gen6 = gen3;
  gen4.gen = 4;
  gen5.gen = 5;
  gen6.gen = 6;
  CHECK(link_bandwidth(gen4) == Approx(2 * link_bandwidth(gen3)));
  CHECK(link_bandwidth(gen5) == Approx(4 * link_bandwidth(gen3)));
  CHECK(link_encoded_bps(gen6) == Approx(128e9 * 236 / 256));
  LinkSpec x8 = gen3;
  x8.lanes = 8;
  CHECK(link_bandwidth(x8) == Approx(link_bandwidth(gen3) / 2));
  LinkSpec measured = gen3;
  measured.measured_bps = 11.5e9;
  CHECK(link_bandwidth(measured) == 11.5e9);

  for (const GpuSpec& g : gpu_presets()) {
    const Platform p = make_platform(g.key, {});
    INFO(g.key);
    CHECK(p.peak_flops() > 1e12);
    CHECK(p.tensor_flops >= p.fp32_flops);
    CHECK(p.dram_bps > 30 * p.link_bps());  // DRAM dwarfs PCIe on every preset
  }
  CHECK(make_platform("titanxp", {}).link.gen == 3);
  CHECK(make_platform("a100", {}).link.gen == 4);
  CHECK(make_platform("h100", {}).link.gen == 5);
}

TEST_CASE("overrides replace preset fields and are validated", "[model][platform]") {
  PlatformOverrides o;
  o.pcie_gen = 4;
  o.pcie_lanes = 8;
  o.dram_bps = 1e12;
  o.dram_share = 0.5;
  const Platform p = titanxp(o);
  CHECK(p.link.gen == 4);
  CHECK(p.link.lanes == 8);
  CHECK(p.fp32_flops == 12.15e12);  // untouched
  CHECK(engine_bps(p, "zvc", 0, true) == Approx(std::min(8 * 32 * 1.582e9, 0.5e12)));
  PlatformOverrides bad;
  bad.pcie_gen = 2;
  CHECK_THROWS(titanxp(bad));
  bad = {};
  bad.dram_share = 1.5;
  CHECK_THROWS(titanxp(bad));
  CHECK_THROWS(make_platform("tpu", {}));
}

TEST_CASE("engine throughput is the smaller of units x width x clock and the DRAM share",
          "[model][engine]") {
  CHECK(engine_throughput(8, 32, 1.5e9, 0.25, 500e9) == Approx(125e9));  // DRAM share binds
  CHECK(engine_throughput(2, 4, 1e9, 0.25, 500e9) == Approx(8e9));       // the units bind
  CHECK(codec_profile("auto", 1).name == "zvc");
  CHECK(codec_profile("auto", 0).name == "split");
  CHECK(codec_profile("zvc", 0).bytes_per_cycle > codec_profile("split", 0).bytes_per_cycle);
  CHECK_THROWS(codec_profile("brotli", 0));
}

TEST_CASE("compute-bound: offloads hide behind compute, no stall", "[model][timeline]") {
  // 1 MB at 12.6 GB/s is ~84 us including latency; every compute step is 1 ms.
  const std::vector<Layer> layers = {layer("a", 1e6, 1e-3, 2e-3, 2), layer("b", 1e6, 1e-3, 2e-3, 2),
                                     layer("c", 1e6, 1e-3, 2e-3, 2)};
  const ModelResult m = run_model(layers, titanxp(), Policy::all, {zvc()});
  for (size_t s : {kPlain, kCpu, kCdma}) {
    CHECK(totals(m, s).stall_fwd_s == 0);
    CHECK(totals(m, s).stall_bwd_s == 0);
    CHECK(totals(m, s).iteration_s == Approx(totals(m, kOracle).iteration_s));
    CHECK(totals(m, s).stalled_steps == 0);
  }
  CHECK(totals(m, kOracle).iteration_s == Approx(9e-3));
  CHECK(m.scenarios[kPlain].timeline.layers[0].fwd.bound == Bound::compute);
}

// The link and engine equations alone: DRAM contention (its own test
// below) would add the transfers' DRAM time to these 1 ms layers.
PlatformOverrides no_contention() {
  PlatformOverrides o;
  o.dram_contention = false;
  return o;
}

TEST_CASE("link-bound: stall = offload - compute, forward and backward", "[model][timeline]") {
  const Platform p = titanxp(no_contention());
  const double S = 100e6, f = 1e-3, b = 2e-3;
  const std::vector<Layer> layers = {layer("big", S, f, b, 2), layer("last", 0, f, b)};
  const ModelResult m = run_model(layers, p, Policy::all, {zvc()});
  const double plain = S / p.link_bps() + p.link.latency_s;  // ~7.94 ms
  const Totals& u = totals(m, kPlain);
  CHECK(u.stall_fwd_s == Approx(plain - f));
  CHECK(u.stall_bwd_s == Approx(plain - b));  // "big" is prefetched during "last"'s backward
  CHECK(u.iteration_s == Approx(plain + f + plain + b));
  CHECK(u.link_bound == 2);
  CHECK(m.scenarios[kPlain].timeline.layers[0].fwd.bound == Bound::link);

  const double compressed = S / (2 * p.link_bps()) + p.link.latency_s;
  CHECK(totals(m, kCdma).stall_fwd_s == Approx(compressed - f));
  CHECK(totals(m, kCdma).link_bytes == 50000000);
}

TEST_CASE("engine-bound: a narrow engine caps what a high ratio buys", "[model][engine]") {
  PlatformOverrides o = no_contention();
  o.engine_bytes_per_cycle = 1;  // 8 units x 1 B x 1.582 GHz = 12.66 GB/s, about the link's rate
  const Platform p = titanxp(o);
  const double S = 100e6, r = 8;
  const double engine = 8 * 1 * 1.582e9;
  REQUIRE(engine_bps(p, "zvc", 0, true) == Approx(engine));
  const Transfer t = compressed_transfer(S, r, engine, p.link_bps(), p.link.latency_s);
  CHECK(t.bound == Bound::engine);
  CHECK(t.seconds == Approx(S / engine + p.link.latency_s));

  const std::vector<Layer> layers = {layer("big", S, 1e-3, 2e-3, r), layer("last", 0, 1e-3, 2e-3)};
  const ModelResult m = run_model(layers, p, Policy::all, {zvc()});
  CHECK(totals(m, kCdma).engine_bound == 2);
  CHECK(totals(m, kCdma).link_bound == 0);
  CHECK(m.scenarios[kCdma].timeline.layers[0].fwd.bound == Bound::engine);
  CHECK(totals(m, kCdma).stall_fwd_s == Approx(S / engine + p.link.latency_s - 1e-3));
  // The wire is busy for only S / (r * link) of it.
  CHECK(totals(m, kCdma).wire_s == Approx(2 * S / (r * p.link_bps())));
}

TEST_CASE("device codec: GPU time before the copy, then fewer bytes on the link", "[model][timeline]") {
  const Platform p = titanxp(no_contention());
  const double S = 100e6, r = 4, f = 1e-3, b = 2e-3, comp = 3e-3, decomp = 2.5e-3;
  std::vector<Layer> layers = {layer("big", S, f, b, r), layer("last", 0, f, b)};
  layers[0].compress_s = comp;
  layers[0].decompress_s = decomp;
  REQUIRE(has_codec_times(layers));
  const ModelResult m = run_model(layers, p, Policy::all, {zvc()});
  REQUIRE(m.scenarios.size() == 5);
  const ScenarioResult& dev = m.scenarios[4];
  CHECK(dev.kind == ScenarioKind::device);
  CHECK(dev.label == "device codec");
  const double wire = S / (r * p.link_bps()) + p.link.latency_s;  // ~2 ms
  const Totals& t = dev.timeline.totals;
  CHECK(t.link_bytes == 25000000);
  CHECK(t.host_bytes == 25000000);
  CHECK(t.codec_s == Approx(comp + decomp));
  // step = codec + max(compute, copy): forward on "big", backward on "last".
  CHECK(dev.timeline.layers[0].fwd.codec_s == Approx(comp));
  CHECK(dev.timeline.layers[1].bwd.codec_s == Approx(decomp));
  CHECK(t.iteration_s == Approx(comp + std::max(f, wire) + f + b + decomp + std::max(b, wire)));
  CHECK(t.stall_fwd_s == Approx(wire - f));
  CHECK(t.stall_bwd_s == Approx(std::max(0.0, wire - b)));
  // The other scenarios are those of the same layers without codec times.
  std::vector<Layer> plain_layers = layers;
  plain_layers[0].compress_s.reset();
  plain_layers[0].decompress_s.reset();
  const ModelResult without = run_model(plain_layers, p, Policy::all, {zvc()});
  REQUIRE(without.scenarios.size() == 4);
  for (size_t s : {kOracle, kPlain, kCpu, kCdma})
    CHECK(totals(m, s).iteration_s == totals(without, s).iteration_s);

  // A higher ratio: fewer bytes, less link time, a shorter iteration.
  layers[0].ratio = 8;
  const ModelResult m8 = run_model(layers, p, Policy::all, {zvc()});
  const Totals& t8 = m8.scenarios[4].timeline.totals;
  CHECK(t8.link_bytes == 12500000);
  CHECK(t8.wire_s < t.wire_s);
  CHECK(t8.iteration_s < t.iteration_s);
  // A slower codec: the GPU time it adds is all on the step.
  layers[0].compress_s = comp + 1e-3;
  CHECK(run_model(layers, p, Policy::all, {zvc()}).scenarios[4].timeline.totals.iteration_s ==
        Approx(t8.iteration_s + 1e-3));
  // A layer without codec times is copied as it is.
  layers.insert(layers.begin(), layer("raw", S, f, b, r));
  const ModelResult mixed_run = run_model(layers, p, Policy::all, {zvc()});
  const ScenarioResult& mixed = mixed_run.scenarios[4];
  CHECK(mixed.timeline.layers[0].move.link_bytes == 100000000);
  CHECK(mixed.timeline.layers[0].move.offload_codec_s == 0);
}

TEST_CASE("ratio 1 through the engine equals uncompressed offload", "[model][timeline]") {
  const std::vector<Layer> layers = {layer("a", 50e6, 1e-3, 2e-3, 1), layer("b", 30e6, 2e-3, 4e-3, 1),
                                     layer("c", 10e6, 1e-3, 2e-3, 1)};
  const ModelResult m = run_model(layers, titanxp(), Policy::all, {zvc()});
  CHECK(totals(m, kCdma).iteration_s == totals(m, kPlain).iteration_s);
  CHECK(totals(m, kCdma).link_bytes == totals(m, kPlain).link_bytes);
  CHECK(totals(m, kCpu).iteration_s == totals(m, kPlain).iteration_s);
}

TEST_CASE("CPU-side compression saves host memory, not link time", "[model][timeline]") {
  const std::vector<Layer> layers = {layer("a", 80e6, 1e-3, 2e-3, 4), layer("b", 0, 1e-3, 2e-3)};
  const ModelResult m = run_model(layers, titanxp(), Policy::all, {zvc()});
  CHECK(totals(m, kCpu).host_bytes == 20000000);
  CHECK(totals(m, kCpu).link_bytes == 80000000);
  CHECK(totals(m, kCpu).iteration_s == totals(m, kPlain).iteration_s);
  CHECK(totals(m, kCdma).iteration_s < totals(m, kPlain).iteration_s);
}

TEST_CASE("speed-up never falls as the ratio grows", "[model][sweep]") {
  std::vector<double> ratios;
  for (double r = 1; r <= 16; r += 0.25) ratios.push_back(r);
  for (const GpuSpec& g : gpu_presets()) {
    for (const char* codec : {"zvc", "split"}) {
      const Platform p = make_platform(g.key, {});
      std::vector<Layer> layers = build_network("vgg16", 16, 1);
      resolve_times(layers, p);
      const Sweep s = run_sweep(layers, p, Policy::all, {codec, 4, 0}, ratios);
      INFO(g.key << " " << codec);
      CHECK(s.points.front().cdma.timeline.totals.iteration_s ==
            Approx(s.uncompressed.timeline.totals.iteration_s));
      for (size_t i = 1; i < s.points.size(); ++i)
        CHECK(s.points[i].cdma.timeline.totals.iteration_s <=
              s.points[i - 1].cdma.timeline.totals.iteration_s);
      CHECK(s.points.back().cdma.timeline.totals.iteration_s >= s.oracle.timeline.totals.iteration_s);
    }
  }
}

TEST_CASE("policies all, conv and none, and the last layer stays", "[model][timeline]") {
  using K = LayerKind;
  const std::vector<Layer> layers = {layer("c1", 1e6, 1e-4, 2e-4, 2, K::conv), layer("p1", 1e6, 1e-4, 2e-4, 2, K::pool),
                                     layer("c2", 1e6, 1e-4, 2e-4, 2, K::conv), layer("fc", 1e6, 1e-4, 2e-4, 2, K::fc)};
  CHECK(offload_plan(layers, Policy::all) == std::vector<bool>{true, true, true, false});
  CHECK(offload_plan(layers, Policy::conv) == std::vector<bool>{true, false, true, false});
  CHECK(offload_plan(layers, Policy::none) == std::vector<bool>{false, false, false, false});
  const ModelResult none = run_model(layers, titanxp(), Policy::none, {zvc()});
  CHECK(totals(none, kPlain).iteration_s == totals(none, kOracle).iteration_s);
  const ModelResult conv = run_model(layers, titanxp(), Policy::conv, {zvc()});
  CHECK(totals(conv, kPlain).raw_bytes == 2000000);
}

TEST_CASE("FLOP-estimated times follow the roofline", "[model][times]") {
  const Platform p = titanxp();
  Layer conv;
  conv.name = "conv";
  conv.bytes = 1000;
  conv.out_bytes = 1000;  // not the next row's input: this test is about the roofs
  conv.flops = 1e9;  // compute roof: 1e9 / (12.15e12 * 0.5)
  Layer pool;
  pool.name = "pool";
  pool.bytes = 100000000;
  pool.out_bytes = 100000000;
  pool.flops = 1e3;  // memory roof: 2 * 1e8 / (547.7e9 * 0.5)
  Layer timed;
  timed.name = "timed";
  timed.bytes = 0;
  timed.fwd_s = 1e-3;  // bwd defaults to 2 x fwd
  std::vector<Layer> layers = {conv, pool, timed};
  resolve_times(layers, p);
  CHECK(*layers[0].fwd_s == Approx(1e9 / (12.15e12 * 0.5)));
  CHECK(*layers[0].bwd_s == Approx(2e9 / (12.15e12 * 0.5)));
  CHECK(*layers[1].fwd_s == Approx(2e8 / (547.7e9 * 0.5)));
  CHECK(*layers[1].bwd_s == Approx(4e8 / (547.7e9 * 0.5)));
  CHECK(*layers[2].bwd_s == Approx(2e-3));
}

TEST_CASE("DRAM contention: a memory-bound layer slows by the transfers' bytes", "[model][timeline]") {
  // DRAM 100 GB/s at efficiency 0.5: layers move their bytes at 50 GB/s.
  PlatformOverrides o;
  o.dram_bps = 100e9;
  o.efficiency = 0.5;
  const Platform p = titanxp(o);
  // "pool" reads 50 MB and writes 50 MB (list form: out_bytes = bytes):
  // 2 ms at its memory roof, its measured time. Its 50 MB offload reads 50
  // MB more from DRAM: +1 ms. "conv" has 10 ms of compute for the same
  // bytes, so its 2 ms memory time leaves 8 ms of slack: no slowdown.
  std::vector<Layer> layers = {layer("pool", 50e6, 2e-3, 4e-3, 1, LayerKind::pool),
                               layer("conv", 50e6, 10e-3, 20e-3, 1, LayerKind::conv),
                               layer("last", 0, 1e-3, 2e-3)};
  const ModelResult m = run_model(layers, p, Policy::all, {zvc()});
  const Timeline& plain = m.scenarios[kPlain].timeline;
  CHECK(plain.layers[0].fwd.contention_s == Approx(1e-3));
  CHECK(plain.layers[1].fwd.contention_s == 0);
  // Backward: "conv"'s step prefetches "pool"'s input (50 MB written to
  // DRAM) against conv's 4 ms of its own bytes and 20 ms compute: slack.
  CHECK(plain.layers[1].bwd.contention_s == 0);
  // "last"'s backward step prefetches conv's input: 2 ms of compute and no
  // bytes of its own, so the 1 ms the 50 MB take in DRAM fits its slack.
  CHECK(plain.layers[2].bwd.contention_s == 0);
  CHECK(plain.totals.contention_s == Approx(1e-3));
  CHECK(m.scenarios[kOracle].timeline.totals.contention_s == 0);

  o.dram_contention = false;
  const ModelResult off = run_model(layers, titanxp(o), Policy::all, {zvc()});
  CHECK(off.scenarios[kPlain].timeline.totals.contention_s == 0);
  const double slower = totals(m, kPlain).iteration_s - totals(off, kPlain).iteration_s;
  // pool's forward step: 2 ms compute vs 50 MB / 12.6 GB/s ~ 4 ms transfer,
  // so its 1 ms of contention hides behind the transfer too.
  CHECK(slower == Approx(0).margin(1e-12));
}

TEST_CASE("per-kind efficiency: each kind's roofline uses its own", "[model][times]") {
  PlatformOverrides o;
  o.kind_efficiency[static_cast<size_t>(LayerKind::pool)] = 0.25;
  const Platform p = titanxp(o);
  CHECK(p.efficiency_for(LayerKind::conv) == 0.5);
  CHECK(p.efficiency_for(LayerKind::pool) == 0.25);
  const double bytes = 1e9;
  CHECK(roofline_seconds(0, bytes, p, LayerKind::pool) == Approx(bytes / (p.dram_bps * 0.25)));
  CHECK(roofline_seconds(1e12, 0, p, LayerKind::conv) == Approx(1e12 / (p.fp32_flops * 0.5)));
  o.kind_efficiency[static_cast<size_t>(LayerKind::fc)] = 0;
  CHECK_THROWS(titanxp(o));
}

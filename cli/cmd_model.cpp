// `cdma model`: options in, lib/model's report out. The model itself, its
// presets and its output format live in lib/model; this file only maps
// command-line units (GB/s, MHz, us) to the model's SI units.
#include "cmd_model.hpp"

#include <cstdio>
#include <functional>
#include <iostream>
#include <limits>
#include <new>

#include "cdma/cdma.h"
#include "codec_names.hpp"
#include "display.hpp"
#include "failure.hpp"
#include "int_range.hpp"
#include "model/errors.hpp"
#include "model/format.hpp"
#include "model/limits.hpp"
#include "model/networks.hpp"
#include "model/numbers.hpp"
#include "model/presets.hpp"
#include "model/text.hpp"
#include "text/number_text.hpp"

namespace cdma::cli {
namespace {

using model::PlatformOverrides;

// Every numeric option is read as the layer files' numbers are
// (model/numbers.hpp): plain decimal, nothing strtod or CLI11 would also
// take ("0x10", "inf", "nan", " 5"), and within [lo, hi], or a message that
// names the option and the range.
struct Range {
  double lo, hi;
};

double checked_number(const std::string& name, const std::string& text, const Range& r) {
  std::string problem;
  const std::optional<double> v = model::parse_in_range(text, r.lo, r.hi, problem);
  if (!v) throw CLI::ValidationError(name, problem);
  return *v;
}

int checked_int(const std::string& name, const std::string& text, int lo, int hi) {
  // A leading '-' is read so that "-3" gets the range message, not "not a number".
  const bool negative = !text.empty() && text[0] == '-';
  const std::optional<uint64_t> magnitude = model::parse_whole(negative ? text.substr(1) : text);
  if (!magnitude) throw CLI::ValidationError(name, model::quoted(text) + " is not a whole number");
  const double v = negative ? -static_cast<double>(*magnitude) : static_cast<double>(*magnitude);
  if (v < lo || v > hi)
    throw CLI::ValidationError(name, model::quoted(text) + " is out of range (" + std::to_string(lo) + " to " +
                                         std::to_string(hi) + ")");
  return static_cast<int>(v);
}

// Options that set an override, scaled from the command line's unit.
CLI::Option* scaled_option(CLI::App* sub, const char* name, std::optional<double>& field, double scale,
                           Range range, const char* help) {
  return sub
      ->add_option_function<std::string>(
          name,
          [&field, scale, range, name](const std::string& v) { field = checked_number(name, v, range) * scale; },
          help)
      ->type_name("X");
}

CLI::Option* int_option(CLI::App* sub, const char* name, std::optional<int>& field, int lo, int hi,
                        const char* help) {
  return sub
      ->add_option_function<std::string>(
          name, [&field, lo, hi, name](const std::string& v) { field = checked_int(name, v, lo, hi); }, help)
      ->type_name("N");
}

// --efficiency X (every kind) or KIND=X[,KIND=X...] (those kinds, over X).
void parse_efficiency(const std::string& text, PlatformOverrides& o, double lo, double hi) {
  const Range range{lo, hi};
  if (text.find('=') == std::string::npos) {
    o.efficiency = checked_number("--efficiency", text, range);
    return;
  }
  size_t start = 0;
  for (;;) {
    const size_t comma = text.find(',', start);
    const std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    const size_t eq = item.find('=');
    const std::optional<model::LayerKind> kind =
        eq == std::string::npos ? std::nullopt : model::parse_kind(item.substr(0, eq));
    if (!kind || *kind == model::LayerKind::input)
      throw CLI::ValidationError("--efficiency", model::quoted(item) +
                                                     " is not KIND=X with KIND conv, fc, pool, norm, concat or other");
    o.kind_efficiency[static_cast<size_t>(*kind)] = checked_number("--efficiency", item.substr(eq + 1), range);
    if (comma == std::string::npos) return;
    start = comma + 1;
  }
}

void add_platform_options(CLI::App* sub, PlatformOverrides& o) {
  // Bounds far past any real machine, so that only nonsense is refused,
  // and every time the model computes from them stays finite.
  constexpr Range kRate{1e-6, 1e6};     // TFLOP/s, GB/s, bytes/cycle
  constexpr Range kClock{1e-3, 1e5};    // MHz
  constexpr Range kFraction{1e-3, 1};
  constexpr Range kLatency{0, 1e6};     // us
  constexpr int kMaxUnits = 1024;
  const char* g = "Platform overrides (default: the --gpu preset)";
  scaled_option(sub, "--peak-tflops", o.fp32_flops, 1e12, kRate, "Peak FP32 TFLOP/s")->group(g);
  scaled_option(sub, "--tensor-tflops", o.tensor_flops, 1e12, kRate, "Peak dense tensor TFLOP/s")->group(g);
  scaled_option(sub, "--dram-gbps", o.dram_bps, 1e9, kRate, "DRAM bandwidth, GB/s")->group(g);
  scaled_option(sub, "--clock-mhz", o.clock_hz, 1e6, kClock, "GPU boost clock, MHz")->group(g);
  sub->add_option_function<std::string>(
         "--efficiency", [&o, kFraction](const std::string& v) { parse_efficiency(v, o, kFraction.lo, kFraction.hi); },
         "Achieved/peak for FLOP-timed layers: X for every kind, or KIND=X,... (0.5 each)")
      ->type_name("X|KIND=X,...")
      ->group(g);
  sub->add_flag_callback(
         "--no-dram-contention", [&o] { o.dram_contention = false; },
         "Leave out the transfers' DRAM traffic slowing memory-bound layers")
      ->group(g);
  int_option(sub, "--pcie-gen", o.pcie_gen, 3, 6, "PCIe generation: 3, 4, 5 or 6")->group(g);
  int_option(sub, "--lanes", o.pcie_lanes, 1, 16, "PCIe lanes: 1, 2, 4, 8 or 16")->group(g);
  scaled_option(sub, "--link-efficiency", o.link_efficiency, 1, kFraction, "PCIe protocol efficiency (0.80)")->group(g);
  scaled_option(sub, "--link-gbps", o.link_measured_bps, 1e9, kRate, "A measured link bandwidth, GB/s per direction")->group(g);
  scaled_option(sub, "--latency-us", o.link_latency_s, 1e-6, kLatency, "Latency per transfer, us (5)")->group(g);
  int_option(sub, "--compress-units", o.compress_units, 1, kMaxUnits, "Engine compression units (8)")->group(g);
  int_option(sub, "--decompress-units", o.decompress_units, 1, kMaxUnits, "Engine decompression units (8)")->group(g);
  scaled_option(sub, "--bytes-per-cycle", o.engine_bytes_per_cycle, 1, kRate, "Bytes/cycle/unit for every codec")->group(g);
  scaled_option(sub, "--engine-mhz", o.engine_clock_hz, 1e6, kClock, "Engine clock, MHz (the GPU's)")->group(g);
  scaled_option(sub, "--dram-share", o.dram_share, 1, kFraction, "Share of DRAM bandwidth for the engine (0.25)")->group(g);
  sub->add_option_function<std::string>(
         "--math", [&o](const std::string& v) {
           o.math = v == "tensor" ? model::MathMode::tensor : model::MathMode::fp32;
         }, "Peak that FLOPs divide: fp32 (default) or tensor")
      ->check(CLI::IsMember({"fp32", "tensor"}))
      ->group(g);
}

void list_gpus() {
  for (const model::GpuSpec& g : model::gpu_presets()) {
    model::LinkSpec link;
    link.gen = g.pcie_gen;
    link.lanes = g.pcie_lanes;
    std::printf("%-8s %-15s %s fp32, %s tensor, DRAM %s, %s MHz, %s (%s)\n", std::string(g.key).c_str(),
                std::string(g.name).c_str(), model::fmt_flops(g.fp32_flops).c_str(),
                model::fmt_flops(g.tensor_flops).c_str(), model::fmt_rate(g.dram_bps).c_str(),
                text::fixed(g.clock_hz / 1e6, 0).c_str(), model::link_name(link).c_str(),
                model::fmt_rate(model::link_bandwidth(link)).c_str());
    std::printf("         source: %s\n", std::string(g.source).c_str());
  }
}

int exit_code(model::ErrorKind kind) {
  switch (kind) {
    case model::ErrorKind::usage: return kExitUsage;
    case model::ErrorKind::data: return kExitData;
    case model::ErrorKind::io: break;
  }
  return kExitIo;
}

}  // namespace

CLI::App* add_model_subcommand(CLI::App& app, ModelOptions& o) {
  auto* sub = app.add_subcommand(
      "model", "Model offloaded training with the compressing DMA engine (docs/cost-model.md)");
  model::ModelRequest& q = o.request;
  std::vector<std::string> gpus;
  for (const model::GpuSpec& g : model::gpu_presets()) gpus.emplace_back(g.key);
  sub->add_option("--gpu", q.gpu, "GPU preset (default titanxp)")->check(CLI::IsMember(gpus))->type_name("NAME");
  sub->add_option("--layers", q.layers_file, "Layers: CSV or JSON with times or FLOPs per layer")->type_name("FILE");
  sub->add_option("--dumps", q.dumps_dir, "Directory of .npy dumps: sizes and measured ratios, in file order")
      ->type_name("DIR");
  sub->add_option("--stages", q.stages_dir,
                  "Directory of one dumps directory per training stage (init, early, mid, final): a "
                  "speed-up per stage")
      ->type_name("DIR");
  sub->add_option("--codec", o.codecs, "Codec(s) to model (default zvc,auto)")
      ->delimiter(',')
      ->check(CLI::IsMember(selectable_codec_names()))
      ->type_name("NAME");
  const cdma_bounds level = cdma_param_get_bounds(CDMA_P_LEVEL);
  sub->add_option_function<std::string>(
         "-l,--level",
         [&o, level](const std::string& v) {
           o.level = checked_int("--level", v, static_cast<int>(level.lower), static_cast<int>(level.upper));
         },
         "Codec level for measuring dumps; auto at level 1 gets ZVC's engine (default: library default)")
      ->type_name("N");
  sub->add_option("--policy", o.policy, "Which activations to offload: all, conv, none (default all)")
      ->check(CLI::IsMember({"all", "conv", "none"}));
  sub->add_option("--sweep", o.sweep, "Speed-up curve over uniform ratios, e.g. ratio=1..16")->type_name("SPEC");
  sub->add_option("--net", q.net, "A built-in network: " + model::network_names())->type_name("NAME");
  sub->add_option_function<std::string>(
         "--batch", [&q](const std::string& v) { q.batch = checked_int("--batch", v, 1, model::limits::kMaxBatch); },
         "Images per batch of --net, or of the VGG-16 a sweep uses without --layers (64)")
      ->type_name("N");
  // Ratios are read as the layer files' ratio cells are: the same range.
  auto ratio_option = [sub](const char* name, std::function<void(double)> set, const char* help) {
    sub->add_option_function<std::string>(
           name,
           [name, set](const std::string& v) {
             set(checked_number(name, v, {model::limits::kMinRatio, model::limits::kMaxRatio}));
           },
           help)
        ->type_name("R");
  };
  ratio_option("--ratio", [&q](double r) { q.net_ratio = r; },
               "Compression ratio of every tensor of --net but the image (2.6, the paper's average)");
  ratio_option("--image-ratio", [&q](double r) { q.image_ratio = r; },
               "Compression ratio of the image of --net (default: not compressed)");
  sub->add_flag("--json", o.json, "Print JSON instead of tables");
  sub->add_flag("--list-gpus", o.list_gpus, "List the GPU presets and their sources, then exit");
  add_platform_options(sub, q.overrides);
  return sub;
}

int run_model(const ModelOptions& o) {
  if (o.list_gpus) {
    list_gpus();
    return kExitOk;
  }
  model::ModelRequest q = o.request;
  q.policy = *model::parse_policy(o.policy);  // CLI11 checked the name
  for (const std::string& name : o.codecs)
    q.codecs.push_back({name, static_cast<int>(*codec_from_name(name)), o.level});
  try {
    if (!q.stages_dir.empty()) {
      if (!o.sweep.empty()) throw model::ModelError(model::ErrorKind::usage, "--stages and --sweep: give one");
      const auto report = model::build_stages_report(q);
      o.json ? model::write_stages_json(std::cout, report) : model::write_stages_text(std::cout, report);
    } else if (!o.sweep.empty()) {
      const auto report = model::build_sweep_report(q, model::parse_sweep(o.sweep));
      o.json ? model::write_sweep_json(std::cout, report) : model::write_sweep_text(std::cout, report);
    } else {
      const auto report = model::build_model_report(q);
      o.json ? model::write_model_json(std::cout, report) : model::write_model_text(std::cout, report);
    }
    std::cout.flush();
    if (!std::cout) throw model::ModelError(model::ErrorKind::io, "cannot write to standard output");
  } catch (const model::ModelError& e) {
    print_error("", e.what());
    return exit_code(e.kind());
  } catch (const std::bad_alloc&) {
    print_error("", "out of memory");
    return kExitIo;
  }
  return kExitOk;
}

}  // namespace cdma::cli

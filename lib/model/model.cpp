#include "model/model.hpp"

#include <filesystem>

#include "model/dumps.hpp"
#include "model/errors.hpp"
#include "model/graph.hpp"
#include "model/layer_file.hpp"
#include "model/layer_times.hpp"
#include "model/limits.hpp"
#include "model/networks.hpp"
#include "model/stages.hpp"
#include "model/text.hpp"

namespace cdma::model {
namespace {

// Layers with bytes and times: from the file (and dumps), or a built-in
// network (VGG-16 when a sweep names neither).
std::vector<Layer> load_layers(const ModelRequest& q, const Platform& p, std::string& source) {
  std::vector<Layer> layers;
  if (!q.net.empty() && !q.layers_file.empty())
    throw ModelError(ErrorKind::usage, "--net and --layers both name a network: give one");
  if (q.layers_file.empty()) {
    if (q.batch < 1 || q.batch > limits::kMaxBatch)
      throw ModelError(ErrorKind::usage, "--batch must be from 1 to " + std::to_string(limits::kMaxBatch));
    const std::string net = q.net.empty() ? "vgg16" : q.net;
    layers = build_network(net, q.batch, q.net_ratio);
    source = network_title(net, q.batch);
    for (Layer& l : layers)
      if (l.kind == LayerKind::input) l.ratio = q.image_ratio;
  } else {
    if (q.image_ratio)
      throw ModelError(ErrorKind::usage, "--image-ratio is for --net; in --layers give the image's row a ratio");
    layers = read_layers_file(q.layers_file);
    link_graph(layers, q.layers_file);
    source = q.layers_file;
  }
  if (!q.dumps_dir.empty()) fill_from_dumps(layers, q.dumps_dir, q.codecs);
  // Each layer's bytes are within kMaxLayerBytes (the readers check); their
  // sum is checked here, so that no later count can overflow.
  uint64_t total = 0;
  for (const Layer& l : layers) {
    if (!l.bytes)
      throw ModelError(ErrorKind::data, printable(source) + ": layer '" + l.name +
                                            "' has no bytes (give them, or --dumps DIR to measure them)");
    total += *l.bytes;
    if (total > limits::kMaxTotalBytes)
      throw ModelError(ErrorKind::data, printable(source) + ": the layers' bytes add up to more than " +
                                            std::to_string(limits::kMaxTotalBytes) + " at layer '" + l.name +
                                            "'");
  }
  check_shapes(layers, source);
  resolve_times(layers, p);
  return layers;
}

}  // namespace

ModelReport build_model_report(const ModelRequest& q) {
  if (q.layers_file.empty() && q.net.empty())
    throw ModelError(ErrorKind::usage,
                     "--layers FILE or --net NAME is required: it gives each layer's times or FLOPs "
                     "(--dumps gives only sizes and ratios); --sweep works without it");
  ModelReport r;
  r.platform = make_platform(q.gpu, q.overrides);
  r.layers = load_layers(q, r.platform, r.layers_source);
  r.dumps_dir = q.dumps_dir;
  r.policy = q.policy;
  r.codecs = q.codecs;
  for (const CodecChoice& c : r.codecs) codec_profile(c.name, c.level);  // unknown: fail early
  r.result = run_model(r.layers, r.platform, r.policy, r.codecs);
  return r;
}

StagesReport build_stages_report(const ModelRequest& q) {
  if (q.layers_file.empty() || !q.dumps_dir.empty() || !q.net.empty())
    throw ModelError(ErrorKind::usage,
                     "--stages DIR needs --layers FILE (with empty bytes cells for the dumps), and "
                     "replaces --dumps and --net");
  StagesReport r;
  r.stages_dir = q.stages_dir;
  for (const std::string& name : list_stages(q.stages_dir)) {
    ModelRequest stage = q;
    stage.dumps_dir = (std::filesystem::path(q.stages_dir) / name).string();
    r.stages.push_back({name, build_model_report(stage)});
  }
  return r;
}

SweepReport build_sweep_report(const ModelRequest& q, const std::vector<double>& ratios) {
  if (q.codecs.empty()) throw ModelError(ErrorKind::usage, "a sweep needs a codec for its engine");
  SweepReport r;
  r.platform = make_platform(q.gpu, q.overrides);
  r.layers = load_layers(q, r.platform, r.layers_source);
  r.policy = q.policy;
  r.codec = q.codecs.front();
  codec_profile(r.codec.name, r.codec.level);
  r.sweep = run_sweep(r.layers, r.platform, r.policy, r.codec, ratios);
  return r;
}

}  // namespace cdma::model

#include "model/layer.hpp"

namespace cdma::model {

std::optional<LayerKind> parse_kind(std::string_view text) {
  if (text == "conv") return LayerKind::conv;
  if (text == "fc") return LayerKind::fc;
  if (text == "pool") return LayerKind::pool;
  if (text == "norm") return LayerKind::norm;
  if (text == "concat") return LayerKind::concat;
  if (text == "input") return LayerKind::input;
  if (text == "other") return LayerKind::other;
  return std::nullopt;
}

std::string_view kind_name(LayerKind kind) {
  switch (kind) {
    case LayerKind::conv: return "conv";
    case LayerKind::fc: return "fc";
    case LayerKind::pool: return "pool";
    case LayerKind::norm: return "norm";
    case LayerKind::concat: return "concat";
    case LayerKind::input: return "input";
    case LayerKind::other: break;
  }
  return "other";
}

std::string_view kind_names() { return "conv, fc, pool, norm, concat, input or other"; }

LayerKind guess_kind(std::string_view name) {
  auto has = [name](std::string_view word) { return name.find(word) != std::string_view::npos; };
  if (has("conv")) return LayerKind::conv;
  if (has("pool")) return LayerKind::pool;
  if (has("fc") || has("linear")) return LayerKind::fc;
  if (has("norm")) return LayerKind::norm;
  if (has("concat")) return LayerKind::concat;
  return LayerKind::other;
}

double ratio_for(const Layer& layer, std::string_view codec) {
  if (auto it = layer.measured.find(codec); it != layer.measured.end()) return it->second;
  return layer.ratio.value_or(1.0);
}

}  // namespace cdma::model

#include "model/layer_rows.hpp"

#include <optional>

#include "model/errors.hpp"
#include "model/limits.hpp"
#include "model/numbers.hpp"
#include "model/text.hpp"

namespace cdma::model {
namespace {

[[noreturn]] void fail(const std::string& where, const std::string& what) {
  throw ModelError(ErrorKind::data, where + ": " + what);
}

// A decimal number in [lo, hi]; the message names the field and the range.
double parse_number(const std::string& text, const std::string& field, const std::string& where, double lo,
                    double hi) {
  std::string problem;
  const std::optional<double> v = parse_in_range(text, lo, hi, problem);
  if (!v) fail(where, field + " " + problem);
  return *v;
}

uint64_t parse_bytes(const std::string& text, const std::string& where) {
  const std::optional<uint64_t> v = parse_whole(text);
  if (!v) fail(where, "bytes " + quoted(text) + " is not a whole number of bytes");
  if (*v > limits::kMaxLayerBytes)
    fail(where, "bytes " + quoted(text) + " is more than one tensor can hold (limit " +
                    std::to_string(limits::kMaxLayerBytes) + ")");
  return *v;
}

}  // namespace

bool is_layer_field(std::string_view field) {
  std::string_view rest = kLayerFields;
  while (!rest.empty()) {
    const size_t space = rest.find(' ');
    if (rest.substr(0, space) == field) return true;
    rest.remove_prefix(space == std::string_view::npos ? rest.size() : space + 1);
  }
  return false;
}

// "a; b;c" -> {"a", "b", "c"}; an empty name between separators is an error.
std::vector<std::string> split_inputs(std::string_view text, const std::string& where) {
  std::vector<std::string> names;
  for (;;) {
    const size_t semi = text.find(';');
    std::string_view name = text.substr(0, semi);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    if (name.empty()) fail(where, "inputs " + quoted(text) + " has an empty name");
    if (names.size() == limits::kMaxLayers) fail(where, "inputs names more layers than a network may have");
    names.emplace_back(name);
    if (semi == std::string_view::npos) return names;
    text.remove_prefix(semi + 1);
  }
}

Layer layer_from_row(const LayerRow& row, const std::string& where, bool graph) {
  Layer l;
  l.graph = graph;
  std::optional<LayerKind> kind;
  for (size_t i = 0; i < row.size(); ++i) {
    const auto& [field, text] = row[i];
    for (size_t j = 0; j < i; ++j)
      if (row[j].first == field) fail(where, "field " + quoted(field) + " is given twice");
    if (text.empty()) continue;
    if (field == "name") {
      if (const std::string why = name_problem(text, limits::kMaxNameBytes); !why.empty())
        fail(where, "name " + quoted(text) + " " + why);
      l.name = text;
    } else if (field == "kind") {
      kind = parse_kind(text);
      if (!kind) fail(where, "kind " + quoted(text) + " is not " + std::string(kind_names()));
    } else if (field == "bytes") {
      if (graph)
        fail(where, "bytes: in a graph (a file with 'inputs') a layer's input bytes are its inputs' "
                    "out_bytes; give out_bytes");
      l.bytes = parse_bytes(text, where);
    } else if (field == "out_bytes") {
      (graph ? l.bytes : l.out_bytes) = parse_bytes(text, where);
    } else if (field == "inputs") {
      l.inputs = split_inputs(text, where);
    } else if (field == "fwd_ms") {
      l.fwd_s = parse_number(text, field, where, 0, limits::kMaxLayerMs) * 1e-3;
    } else if (field == "bwd_ms") {
      l.bwd_s = parse_number(text, field, where, 0, limits::kMaxLayerMs) * 1e-3;
    } else if (field == "flops") {
      l.flops = parse_number(text, field, where, 0, limits::kMaxFlops);
    } else if (field == "bwd_flops") {
      l.bwd_flops = parse_number(text, field, where, 0, limits::kMaxFlops);
    } else if (field == "compress_ms") {
      l.compress_s = parse_number(text, field, where, 0, limits::kMaxLayerMs) * 1e-3;
    } else if (field == "decompress_ms") {
      l.decompress_s = parse_number(text, field, where, 0, limits::kMaxLayerMs) * 1e-3;
    } else if (field == "ratio") {
      l.ratio = parse_number(text, field, where, limits::kMinRatio, limits::kMaxRatio);
    } else {
      fail(where, "unknown field " + quoted(field) + " (known: " + std::string(kLayerFields) + ")");
    }
  }
  if (l.name.empty()) fail(where, "a layer needs a name");
  if (graph && l.name.find(';') != std::string::npos)
    fail(where, "name " + quoted(l.name) + ": in a graph, names cannot hold ';' (it separates inputs)");
  l.kind = kind.value_or(guess_kind(l.name));
  // The image (kind input) is data, not work: it needs no time.
  if (!l.fwd_s && !l.flops && l.kind != LayerKind::input)
    fail(where, "layer " + quoted(l.name) + " needs fwd_ms or flops");
  if (l.bwd_s && !l.fwd_s) fail(where, "layer " + quoted(l.name) + " gives bwd_ms without fwd_ms");
  // A tensor compressed by the codec must be decompressed by it too.
  if (l.compress_s.has_value() != l.decompress_s.has_value())
    fail(where, "layer " + quoted(l.name) + " gives " + (l.compress_s ? "compress_ms without decompress_ms"
                                                                       : "decompress_ms without compress_ms"));
  return l;
}

}  // namespace cdma::model

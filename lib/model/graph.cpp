#include "model/graph.hpp"

#include <algorithm>
#include <unordered_map>

#include "model/errors.hpp"
#include "model/text.hpp"

namespace cdma::model {

void link_graph(std::vector<Layer>& layers, const std::string& source) {
  const std::string file = printable(source);
  std::unordered_map<std::string_view, size_t> row_of;
  for (size_t i = 0; i < layers.size(); ++i) {
    Layer& l = layers[i];
    if (!l.graph) continue;
    auto fail = [&](const std::string& why) {
      throw ModelError(ErrorKind::data, file + ": layer '" + l.name + "': " + why);
    };
    if (!row_of.emplace(l.name, i).second) fail("the name is given to an earlier layer too");
    l.input_rows.clear();
    if (l.inputs.empty()) {
      if (i > 0 && l.kind != LayerKind::input) l.input_rows.push_back(i - 1);
      continue;
    }
    if (l.kind == LayerKind::input) fail("an input layer reads nothing, but 'inputs' names layers");
    for (const std::string& name : l.inputs) {
      const auto it = row_of.find(name);
      if (it == row_of.end() || it->second == i) {
        const bool later = std::any_of(layers.begin() + static_cast<std::ptrdiff_t>(i), layers.end(),
                                       [&](const Layer& o) { return o.name == name; });
        fail("input '" + name + "' " +
             (later ? "is not an earlier layer (a cycle, or layers not listed in execution order)"
                    : "is not a layer of this network"));
      }
      if (std::find(l.input_rows.begin(), l.input_rows.end(), it->second) != l.input_rows.end())
        fail("input '" + name + "' is named twice");
      l.input_rows.push_back(it->second);
    }
  }
}

std::vector<TensorUse> tensor_uses(const std::vector<Layer>& layers) {
  std::vector<TensorUse> uses(layers.size());
  auto reads = [&](size_t tensor, size_t reader) {
    TensorUse& u = uses[tensor];
    if (!u.read) u.first = reader;
    u.read = true;
    u.last = reader;
    u.read_by_conv = u.read_by_conv || layers[reader].kind == LayerKind::conv;
  };
  for (size_t i = 0; i < layers.size(); ++i) {
    if (!layers[i].graph) {
      reads(i, i);
      continue;
    }
    for (const size_t r : layers[i].input_rows) reads(r, i);
  }
  return uses;
}

double bytes_read(const std::vector<Layer>& layers, size_t row) {
  const Layer& l = layers[row];
  if (!l.graph) return static_cast<double>(l.bytes.value_or(0));
  double sum = 0;
  for (const size_t r : l.input_rows) sum += static_cast<double>(layers[r].bytes.value_or(0));
  return sum;
}

double bytes_written(const std::vector<Layer>& layers, size_t row) {
  const Layer& l = layers[row];
  if (l.graph) return static_cast<double>(l.bytes.value_or(0));
  // List form: a layer's output is the next layer's input (conv1's larger
  // map, a pooling layer's quarter), unless the file says otherwise.
  const bool next = row + 1 < layers.size() && layers[row + 1].bytes;
  return static_cast<double>(l.out_bytes.value_or(next ? *layers[row + 1].bytes : l.bytes.value_or(0)));
}

void check_shapes(const std::vector<Layer>& layers, const std::string& source) {
  const std::string file = printable(source);
  for (size_t i = 0; i < layers.size(); ++i) {
    const Layer& l = layers[i];
    auto fail = [&](const std::string& field, const std::string& why) {
      throw ModelError(ErrorKind::data, file + ": layer '" + l.name + "': " + field + ": " + why);
    };
    if (!l.graph) {
      // A chain: this layer's output is the next one's input.
      const Layer* next = i + 1 < layers.size() ? &layers[i + 1] : nullptr;
      if (l.out_bytes && next && next->bytes && *l.out_bytes != *next->bytes)
        fail("out_bytes", std::to_string(*l.out_bytes) + " is not the next layer's ('" + next->name +
                              "') input bytes, " + std::to_string(*next->bytes) + ": the shapes do not chain");
      continue;
    }
    if (!l.bytes || l.input_rows.empty()) continue;
    uint64_t in = 0;
    for (const size_t r : l.input_rows) in += layers[r].bytes.value_or(0);
    const std::string sizes = std::to_string(*l.bytes) + " but its inputs hold " + std::to_string(in);
    // Only what every framework's layers of these kinds share: a concat
    // copies its inputs (or parts of them: a channel split), a
    // normalisation keeps its input's shape, and a pooling window never
    // makes a map larger.
    if (l.kind == LayerKind::concat && *l.bytes > in)
      fail("out_bytes", sizes + ": a concatenation holds no more than its inputs");
    if (l.kind == LayerKind::norm && *l.bytes != in)
      fail("out_bytes", sizes + ": a normalisation keeps its input's shape");
    if (l.kind == LayerKind::pool && *l.bytes > in)
      fail("out_bytes", sizes + ": pooling does not make a tensor larger");
  }
}

}  // namespace cdma::model

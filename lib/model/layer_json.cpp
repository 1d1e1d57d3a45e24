#include "json/json_value.hpp"
#include "model/errors.hpp"
#include "model/input_file.hpp"
#include "model/layer_file.hpp"
#include "model/layer_rows.hpp"
#include "model/limits.hpp"
#include "model/text.hpp"

namespace cdma::model {

using json::JsonValue;

std::vector<Layer> parse_layers_json(std::string_view text, const std::string& source) {
  const std::string file = printable(source);
  // Enough for every layer of the largest network to carry every field; a
  // file of a million tiny values is refused before it takes gigabytes.
  constexpr size_t kMaxValues = 32 * limits::kMaxLayers;
  JsonValue doc;
  try {
    doc = json::parse_json(strip_bom(text), kMaxValues);
  } catch (const json::JsonError& e) {
    throw ModelError(ErrorKind::data, file + ": " + e.what());
  }
  const JsonValue* list = &doc;
  if (doc.kind == JsonValue::Kind::object) {
    list = nullptr;
    for (const auto& [key, value] : doc.members) {
      if (key != "layers")
        throw ModelError(ErrorKind::data, file + ": unknown member " + quoted(key) + " (known: layers)");
      if (list != nullptr) throw ModelError(ErrorKind::data, file + ": 'layers' is given twice");
      list = &value;
    }
  }
  if (list == nullptr || list->kind != JsonValue::Kind::array)
    throw ModelError(ErrorKind::data, file + ": expected an array of layers or {\"layers\": [...]}");
  if (list->items.size() > limits::kMaxLayers)
    throw ModelError(ErrorKind::data, file + ": " + std::to_string(list->items.size()) + " layers, more than " +
                                          std::to_string(limits::kMaxLayers) + " (the limit of one network)");
  // Graph form when any layer names its inputs (layer_rows.hpp).
  bool graph = false;
  for (const JsonValue& item : list->items)
    for (const auto& member : item.members) graph = graph || member.name == "inputs";
  std::vector<Layer> layers;
  for (size_t i = 0; i < list->items.size(); ++i) {
    const JsonValue& item = list->items[i];
    const std::string where = file + ": layer " + std::to_string(i);
    if (item.kind != JsonValue::Kind::object) throw ModelError(ErrorKind::data, where + ": not an object");
    LayerRow row;
    for (const auto& [key, value] : item.members) {
      if (key == "inputs" && value.kind == JsonValue::Kind::array) {
        // ["a", "b"] is "a;b": names in a graph cannot hold ';'.
        std::string joined;
        for (const JsonValue& name : value.items) {
          if (name.kind != JsonValue::Kind::string)
            throw ModelError(ErrorKind::data, where + ": inputs: every item must be a layer name (a string)");
          if (name.text.find(';') != std::string::npos || name.text.empty())
            throw ModelError(ErrorKind::data, where + ": inputs: " + quoted(name.text) + " is not a layer name");
          if (!joined.empty()) joined += ';';
          joined += name.text;
        }
        if (value.items.empty())
          throw ModelError(ErrorKind::data, where + ": inputs: an empty list (leave it out to read the previous layer)");
        row.emplace_back(key, joined);
        continue;
      }
      if (value.kind != JsonValue::Kind::string && value.kind != JsonValue::Kind::number &&
          value.kind != JsonValue::Kind::null)
        throw ModelError(ErrorKind::data, where + ": field " + quoted(key) + " is not a string or number");
      row.emplace_back(key, value.text);  // null: empty text, i.e. absent
    }
    layers.push_back(layer_from_row(row, where, graph));
  }
  if (layers.empty()) throw ModelError(ErrorKind::data, file + ": no layers");
  return layers;
}

std::vector<Layer> read_layers_file(const std::string& path) {
  const std::string bytes = read_input_file(path, limits::kMaxLayersFileBytes, "--layers file");
  const std::string_view s = strip_bom(bytes);  // an empty file: "no layers" below
  const size_t first = s.find_first_not_of(" \t\r\n");
  const bool json = (path.size() >= 5 && path.compare(path.size() - 5, 5, ".json") == 0) ||
                    (first != std::string_view::npos && (s[first] == '{' || s[first] == '['));
  return json ? parse_layers_json(s, path) : parse_layers_csv(s, path);
}

}  // namespace cdma::model

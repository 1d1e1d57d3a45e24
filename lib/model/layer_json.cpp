#include <fstream>
#include <sstream>

#include "json/json_value.hpp"
#include "model/errors.hpp"
#include "model/layer_file.hpp"
#include "model/layer_rows.hpp"

namespace cdma::model {

using json::JsonValue;

std::vector<Layer> parse_layers_json(std::string_view text, const std::string& source) {
  JsonValue doc;
  try {
    doc = json::parse_json(text);
  } catch (const json::JsonError& e) {
    throw ModelError(ErrorKind::data, source + ": " + e.what());
  }
  const JsonValue* list = &doc;
  if (doc.kind == JsonValue::Kind::object) {
    list = nullptr;
    for (const auto& [key, value] : doc.members)
      if (key == "layers") list = &value;
  }
  if (list == nullptr || list->kind != JsonValue::Kind::array)
    throw ModelError(ErrorKind::data, source + ": expected an array of layers or {\"layers\": [...]}");
  std::vector<Layer> layers;
  for (size_t i = 0; i < list->items.size(); ++i) {
    const JsonValue& item = list->items[i];
    const std::string where = source + ": layer " + std::to_string(i);
    if (item.kind != JsonValue::Kind::object) throw ModelError(ErrorKind::data, where + ": not an object");
    LayerRow row;
    for (const auto& [key, value] : item.members) {
      if (value.kind != JsonValue::Kind::string && value.kind != JsonValue::Kind::number &&
          value.kind != JsonValue::Kind::null)
        throw ModelError(ErrorKind::data, where + ": field '" + key + "' is not a string or number");
      row.emplace_back(key, value.text);  // null: empty text, i.e. absent
    }
    layers.push_back(layer_from_row(row, where));
  }
  if (layers.empty()) throw ModelError(ErrorKind::data, source + ": no layers");
  return layers;
}

std::vector<Layer> read_layers_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (!in) throw ModelError(ErrorKind::io, path + ": cannot open the layers file");
  text << in.rdbuf();  // an empty file leaves `text` empty: "no layers" below
  const std::string s = text.str();
  const size_t first = s.find_first_not_of(" \t\r\n");
  const bool json = (path.size() >= 5 && path.compare(path.size() - 5, 5, ".json") == 0) ||
                    (first != std::string::npos && (s[first] == '{' || s[first] == '['));
  return json ? parse_layers_json(s, path) : parse_layers_csv(s, path);
}

}  // namespace cdma::model

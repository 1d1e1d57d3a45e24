// A small JSON reader for layer files (RFC 8259 values; numbers are kept as
// their source text so that the layer reader parses them exactly as it
// parses CSV cells).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cdma::model {

struct JsonValue {
  enum class Kind { null, boolean, number, string, array, object };
  Kind kind = Kind::null;
  bool boolean = false;
  std::string text;                                     // string value, or number text
  std::vector<JsonValue> items;                         // array
  std::vector<std::pair<std::string, JsonValue>> members;  // object, in order
};

// Parses one JSON document. Throws ModelError(data) "SOURCE: offset N: why".
JsonValue parse_json(std::string_view text, const std::string& source);

}  // namespace cdma::model

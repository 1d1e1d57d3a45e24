// A small JSON reader (RFC 8259) shared by the layer files of the cost model
// and the safetensors header reader. Numbers are kept as their source text,
// so that each caller parses them exactly as it needs (a layer field as a
// double, a safetensors offset as a u64 that must not round).
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace cdma::json {

struct JsonMember;

// Members are their own struct, not std::pair<std::string, JsonValue>:
// a pair of a still-incomplete type does not compile with clang's reading of
// libstdc++ (the fuzz build), while a vector of a declared struct does.
struct JsonValue {
  enum class Kind { null, boolean, number, string, array, object };
  Kind kind = Kind::null;
  bool boolean = false;
  std::string text;                                        // string value (UTF-8), or number text
  std::vector<JsonValue> items;                            // array
  std::vector<JsonMember> members;                         // object, in source order
};

struct JsonMember {
  std::string name;
  JsonValue value;
};

// What parse_json() throws: "offset N: why".
class JsonError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Parses one JSON document (surrounding whitespace allowed). Strings must be
// valid UTF-8; \u escapes, surrogate pairs included, are decoded to UTF-8.
// Nesting is limited to 64 levels so that a hostile file cannot exhaust the
// stack, and to `max_values` values in all, so that a small file of many
// tiny values cannot take gigabytes as JsonValues. Duplicate member names
// are kept; callers that care check them. Throws JsonError.
JsonValue parse_json(std::string_view text, size_t max_values);

}  // namespace cdma::json

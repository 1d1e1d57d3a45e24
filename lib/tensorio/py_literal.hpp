// A parser for the subset of Python literals that .npy headers are written
// in. NumPy writes the header with repr() of a dict and reads it back with
// ast.literal_eval, so we accept the same grammar for the values that can
// occur there: strings, integers, True/False, tuples, lists and dicts with
// string keys. Anything else is an error, never a guess.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cdma::tensorio {

struct PyValue {
  enum class Kind { string, integer, boolean, tuple, list, dict };
  Kind kind = Kind::integer;
  std::string text;            // string: the bytes after unescaping
  bool negative = false;       // integer: sign
  uint64_t magnitude = 0;      // integer: absolute value (larger ones are rejected)
  bool boolean = false;        // boolean
  std::vector<std::string> keys;  // dict: keys, in order
  std::vector<PyValue> items;     // tuple/list: elements; dict: values, parallel to keys
};

const char* kind_name(PyValue::Kind kind);

// Parses exactly one literal filling all of `text` apart from surrounding
// whitespace. On failure returns nullopt and puts a message naming the byte
// offset into `error`. Nesting is limited (kMaxDepth) so that a hostile
// header cannot exhaust the stack.
inline constexpr int kMaxPyLiteralDepth = 64;
std::optional<PyValue> parse_py_literal(std::string_view text, std::string& error);

}  // namespace cdma::tensorio

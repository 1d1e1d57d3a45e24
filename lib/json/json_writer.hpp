// The one JSON writer of the tools (`cdma analyze --json`, `cdma bench
// --json`, `cdma model --json`): members in the order written, so output is
// stable for tests and diffs, and every string escaped so that the output is
// valid JSON whatever bytes a name holds.
//
// Each container chooses its layout when it opens, which lets one report be
// indented where a person reads it and one record per line where a script
// greps it:
//   block     each member on its own line, indented two spaces a level; the
//             closing bracket on a line of its own
//   rows      each member on its own line, indented; the closing bracket
//             right after the last member (a list of one-line records)
//   one_line  all members on the line where the container opens
// Indentation counts the open block and rows containers.
#pragma once

#include <concepts>
#include <string>
#include <string_view>
#include <vector>

namespace cdma::json {

enum class Layout { block, rows, one_line };

struct WriterStyle {
  bool spaces = true;        // ": " and ", " on one line (false: ":" and ",")
  int double_digits = 9;     // significant digits of a double; 17 reads back exactly
};

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out, WriterStyle style = {}) : out_(out), style_(style) {}

  // `key` names the member inside an object; leave it empty inside an array.
  void begin_object(std::string_view key = {}, Layout layout = Layout::block);
  void end_object();
  void begin_array(std::string_view key = {}, Layout layout = Layout::block);
  void end_array();

  void field(std::string_view key, std::string_view value);
  void field(std::string_view key, const char* value) { field(key, std::string_view(value)); }
  void field(std::string_view key, double value);  // style's digits ("%.*g"); non-finite as null
  void field(std::string_view key, bool value);
  template <std::integral T>
  void field(std::string_view key, T value) {
    raw(key, std::to_string(value));
  }
  void null_field(std::string_view key);
  // A value already written as JSON (a number in a report's own format).
  void raw(std::string_view key, std::string_view json);
  void finish();  // the final newline

  // `s` as a JSON string, quotes included: '"' and '\' escaped, control
  // characters (C0, DEL, C1) as \u00XX, and each byte that is not part of
  // valid UTF-8 as \ufffd, so that the output is valid JSON.
  static std::string quoted(std::string_view s);

 private:
  struct Open {
    Layout layout;
    bool empty = true;  // nothing written in it yet
  };
  void prefix(std::string_view key);  // separator, line break and indent, "key": as needed
  void open(std::string_view key, Layout layout, char bracket);
  void close(char bracket);
  std::string indent() const;

  std::string& out_;
  WriterStyle style_;
  std::vector<Open> open_;
};

}  // namespace cdma::json

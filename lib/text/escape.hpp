// Showing names the user did not choose (file names, and the tensor and
// member names inside containers) in messages and listings: their control
// characters escaped, so that a name can neither break a line, fake a row
// of output nor send the terminal an escape sequence. The one home of that
// rule for the CLI and the tensor readers (whose messages the Python module
// passes on).
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace cdma::text {

inline bool is_control(unsigned char c) { return c < 0x20 || c == 0x7f; }

inline bool has_controls(std::string_view text) {
  for (const char c : text)
    if (is_control(static_cast<unsigned char>(c))) return true;
  return false;
}

// `text` with each control character written as an escape (\n, \t, \r,
// \x1b), and with `\` doubled when `backslashes`.
inline std::string escape_controls(std::string_view text, bool backslashes) {
  std::string out;
  out.reserve(text.size());
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '\\' && backslashes) {
      out += "\\\\";
    } else if (!is_control(c)) {
      out += ch;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", c);
      out += hex;
    }
  }
  return out;
}

// A name as a listing shows it: unchanged when it has no control
// characters, else in single quotes with them escaped and its backslashes
// doubled ('a\nb'), so that the escape cannot be mistaken for a name that
// spells it.
inline std::string quote_name(std::string_view name) {
  if (!has_controls(name)) return std::string(name);
  std::string out(1, '\'');  // appended, not operator+: GCC 12 warns falsely on that
  out += escape_controls(name, true);
  out += '\'';
  return out;
}

// A name as a message quotes it: in double quotes, escaped as quote_name()
// escapes it ("a\nb").
inline std::string quoted_name(std::string_view name) {
  std::string out(1, '"');
  out += has_controls(name) ? escape_controls(name, true) : std::string(name);
  out += '"';
  return out;
}

}  // namespace cdma::text

#include "model/json_writer.hpp"

#include <cmath>
#include <cstdio>

#include "model/text.hpp"

namespace cdma::model {

void JsonWriter::prefix(std::string_view key) {
  if (!first_.empty()) {
    out_ << (first_.back() ? "\n" : ",\n");
    first_.back() = false;
    out_ << std::string(2 * first_.size(), ' ');
  }
  if (!key.empty()) {
    quoted(key);
    out_ << ": ";
  }
}

void JsonWriter::quoted(std::string_view s) {
  out_ << '"';
  // Names are checked when read, but paths are the user's bytes: controls
  // are escaped and bytes that are not UTF-8 become U+FFFD, so the output
  // is always valid JSON.
  for (size_t i = 0; i < s.size();) {
    uint32_t code = 0;
    const size_t n = utf8_sequence(s, i, code);
    if (n == 0) {
      out_ << "\\ufffd";
      ++i;
      continue;
    }
    if (code == '"' || code == '\\') {
      out_ << '\\' << static_cast<char>(code);
    } else if (is_control(code)) {
      char buf[16];  // "\\u00XX" needs 7; GCC sizes `code` by its 21 bits, not by is_control
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(code));
      out_ << buf;
    } else {
      out_ << s.substr(i, n);
    }
    i += n;
  }
  out_ << '"';
}

void JsonWriter::begin_object(std::string_view key) {
  prefix(key);
  out_ << '{';
  first_.push_back(true);
}

void JsonWriter::begin_array(std::string_view key) {
  prefix(key);
  out_ << '[';
  first_.push_back(true);
}

void JsonWriter::end_object() {
  const bool empty = first_.back();
  first_.pop_back();
  if (!empty) out_ << '\n' << std::string(2 * first_.size(), ' ');
  out_ << '}';
}

void JsonWriter::end_array() {
  const bool empty = first_.back();
  first_.pop_back();
  if (!empty) out_ << '\n' << std::string(2 * first_.size(), ' ');
  out_ << ']';
}

void JsonWriter::field(std::string_view key, std::string_view value) {
  prefix(key);
  quoted(value);
}

void JsonWriter::field(std::string_view key, double value) {
  prefix(key);
  if (!std::isfinite(value)) {
    out_ << "null";
    return;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", value);
  out_ << buf;
}

void JsonWriter::field(std::string_view key, uint64_t value) {
  prefix(key);
  out_ << value;
}

void JsonWriter::field(std::string_view key, bool value) {
  prefix(key);
  out_ << (value ? "true" : "false");
}

void JsonWriter::null_field(std::string_view key) {
  prefix(key);
  out_ << "null";
}

void JsonWriter::finish() { out_ << '\n'; }

}  // namespace cdma::model

#include "json/json_writer.hpp"

#include <cmath>
#include <cstdio>

#include "text/number_text.hpp"
#include "text/utf8.hpp"

namespace cdma::json {

std::string JsonWriter::quoted(std::string_view s) {
  std::string out = "\"";
  // Names are the user's bytes (file names, layer names): controls are
  // escaped and bytes that are not UTF-8 become U+FFFD, so the output is
  // always valid JSON and cannot drive a terminal it is printed on.
  text::for_each_char(s, [&out](uint32_t code, std::string_view bytes) {
    if (code == text::kNotUtf8) {
      out += "\\ufffd";
    } else if (code == '"' || code == '\\') {
      out += '\\';
      out += static_cast<char>(code);
    } else if (text::is_control_code(code)) {
      char buf[16];  // "\\u00XX" needs 7; GCC sizes `code` by its 21 bits, not by is_control_code
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(code));
      out += buf;
    } else {
      out += bytes;
    }
  });
  return out + '"';
}

std::string JsonWriter::indent() const {
  size_t levels = 0;
  for (const Open& o : open_) levels += o.layout != Layout::one_line;
  return std::string(2 * levels, ' ');
}

void JsonWriter::prefix(std::string_view key) {
  if (!open_.empty()) {
    Open& o = open_.back();
    if (!o.empty) out_ += ',';
    if (o.layout == Layout::one_line) {
      if (!o.empty && style_.spaces) out_ += ' ';
    } else {
      out_ += '\n';
      out_ += indent();
    }
    o.empty = false;
  }
  if (!key.empty()) {
    out_ += quoted(key);
    out_ += style_.spaces ? ": " : ":";
  }
}

void JsonWriter::open(std::string_view key, Layout layout, char bracket) {
  prefix(key);
  out_ += bracket;
  open_.push_back({layout});
}

void JsonWriter::close(char bracket) {
  const Open o = open_.back();
  open_.pop_back();
  if (o.layout == Layout::block && !o.empty) {
    out_ += '\n';
    out_ += indent();
  }
  out_ += bracket;
}

void JsonWriter::begin_object(std::string_view key, Layout layout) { open(key, layout, '{'); }
void JsonWriter::end_object() { close('}'); }
void JsonWriter::begin_array(std::string_view key, Layout layout) { open(key, layout, '['); }
void JsonWriter::end_array() { close(']'); }

void JsonWriter::field(std::string_view key, std::string_view value) { raw(key, quoted(value)); }

void JsonWriter::field(std::string_view key, double value) {
  raw(key, std::isfinite(value) ? text::general(value, style_.double_digits) : "null");
}

void JsonWriter::field(std::string_view key, bool value) { raw(key, value ? "true" : "false"); }

void JsonWriter::null_field(std::string_view key) { raw(key, "null"); }

void JsonWriter::raw(std::string_view key, std::string_view json) {
  prefix(key);
  out_ += json;
}

void JsonWriter::finish() { out_ += '\n'; }

}  // namespace cdma::json

#include "model/text.hpp"

#include <cstdint>
#include <cstdio>

#include "text/utf8.hpp"

namespace cdma::model {

std::string printable(std::string_view s) {
  std::string out;
  text::for_each_char(s, [&out](uint32_t code, std::string_view bytes) {
    if (code != text::kNotUtf8 && !text::is_control_code(code) && code != '\\') {
      out += bytes;
      return;
    }
    const unsigned char b = static_cast<unsigned char>(bytes[0]);
    if (b == '\\') out += "\\\\";
    else if (b == '\n') out += "\\n";
    else if (b == '\t') out += "\\t";
    else if (b == '\r') out += "\\r";
    else {
      // A C1 control is two bytes in UTF-8; escape both.
      for (const char c : bytes) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(c));
        out += buf;
      }
    }
  });
  return out;
}

std::string quoted(std::string_view s) {
  std::string out(1, '\'');  // appended, not "'" + ...: GCC 12 warns falsely (-Wrestrict) on that
  out += printable(s);
  out += '\'';
  return out;
}

std::string name_problem(std::string_view s, size_t max_bytes) {
  if (s.size() > max_bytes) return "is longer than " + std::to_string(max_bytes) + " bytes";
  for (size_t i = 0; i < s.size();) {
    uint32_t code = 0;
    const size_t n = text::utf8_sequence(s, i, code);
    if (n == 0) return "is not valid UTF-8";
    if (text::is_control_code(code)) return "contains a control character";
    i += n;
  }
  return "";
}

std::string_view strip_bom(std::string_view text) {
  constexpr std::string_view kBom = "\xef\xbb\xbf";
  if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());
  return text;
}

}  // namespace cdma::model

// Decoding one UTF-8 character, strictly: the one check behind the JSON
// reader's string validation, the JSON writer's escaping and the cost
// model's printable names, so that all accept exactly the same bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace cdma::text {

// Length of the valid UTF-8 sequence at s[i] (1-4) with its code point in
// `code`, or 0 when none starts there (overlong forms, surrogates and code
// points past U+10FFFF are invalid).
inline size_t utf8_sequence(std::string_view s, size_t i, uint32_t& code) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b = byte(i);
  size_t n;
  uint32_t min;
  if (b < 0x80) {
    code = b;
    return 1;
  } else if ((b & 0xe0) == 0xc0) {
    n = 2, code = b & 0x1f, min = 0x80;
  } else if ((b & 0xf0) == 0xe0) {
    n = 3, code = b & 0x0f, min = 0x800;
  } else if ((b & 0xf8) == 0xf0) {
    n = 4, code = b & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xc0) != 0x80) return 0;
    code = code << 6 | (byte(i + k) & 0x3f);
  }
  if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return 0;
  return n;
}

// What for_each_char() passes for a byte that starts no valid sequence.
inline constexpr uint32_t kNotUtf8 = 0xffffffff;

// Calls f(code, bytes) for each character of `s` in order: its code point
// and its bytes. Each byte that is not part of valid UTF-8 comes alone,
// with code kNotUtf8, so that a writer can replace or escape it.
template <typename F>
void for_each_char(std::string_view s, F&& f) {
  for (size_t i = 0; i < s.size();) {
    uint32_t code = 0;
    const size_t n = utf8_sequence(s, i, code);
    f(n ? code : kNotUtf8, s.substr(i, n ? n : 1));
    i += n ? n : 1;
  }
}

// A control character as a code point: C0, DEL or C1. Text written for a
// terminal or a report escapes these (a C1 code such as U+009B is a
// terminal's CSI as surely as ESC [ is).
inline bool is_control_code(uint32_t code) {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}

}  // namespace cdma::text

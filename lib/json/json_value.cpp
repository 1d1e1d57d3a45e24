#include "json/json_value.hpp"

#include <cctype>
#include <cstdint>
#include <utility>

#include "text/utf8.hpp"

namespace cdma::json {
namespace {

// Recursive descent; depth is limited so that a hostile file cannot exhaust
// the stack.
class Parser {
 public:
  Parser(std::string_view text, size_t max_values) : s_(text), max_values_(max_values) {}

  JsonValue document() {
    JsonValue v = value(0);
    skip_space();
    if (pos_ != s_.size()) fail("trailing characters");
    return v;
  }

 private:
  static constexpr int kMaxDepth = 64;

  [[noreturn]] void fail(const std::string& why) const {
    throw JsonError("offset " + std::to_string(pos_) + ": " + why);
  }
  void skip_space() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r'))
      ++pos_;
  }
  bool eat(char c) {
    skip_space();
    if (pos_ < s_.size() && s_[pos_] == c) return ++pos_, true;
    return false;
  }
  void expect(char c) {
    if (!eat(c)) fail(std::string("expected '") + c + "'");
  }
  bool literal(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  JsonValue value(int depth) {
    if (depth > kMaxDepth) fail("nested too deeply");
    if (++values_ > max_values_) fail("more than " + std::to_string(max_values_) + " values");
    skip_space();
    if (pos_ >= s_.size()) fail("unexpected end");
    JsonValue v;
    const char c = s_[pos_];
    if (c == '{') return object(depth);
    if (c == '[') return array(depth);
    if (c == '"') {
      v.kind = JsonValue::Kind::string;
      v.text = string();
    } else if (literal("true")) {
      v.kind = JsonValue::Kind::boolean;
      v.boolean = true;
    } else if (literal("false")) {
      v.kind = JsonValue::Kind::boolean;
    } else if (literal("null")) {
      v.kind = JsonValue::Kind::null;
    } else {
      v.kind = JsonValue::Kind::number;
      v.text = number();
    }
    return v;
  }

  // `open`, then `element` once for each comma-separated element, then
  // `close`: the shape an object and an array share.
  template <typename Element>
  void elements(char open, char close, Element element) {
    expect(open);
    if (eat(close)) return;
    do element();
    while (eat(','));
    expect(close);
  }

  JsonValue object(int depth) {
    JsonValue v;
    v.kind = JsonValue::Kind::object;
    elements('{', '}', [&] {
      skip_space();
      if (pos_ >= s_.size() || s_[pos_] != '"') fail("expected a member name");
      std::string key = string();
      expect(':');
      v.members.push_back(JsonMember{std::move(key), value(depth + 1)});
    });
    return v;
  }

  JsonValue array(int depth) {
    JsonValue v;
    v.kind = JsonValue::Kind::array;
    elements('[', ']', [&] { v.items.push_back(value(depth + 1)); });
    return v;
  }

  std::string number() {
    const size_t start = pos_;
    auto digits = [this] {
      const size_t from = pos_;
      while (pos_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos_]))) ++pos_;
      return pos_ > from;
    };
    if (pos_ < s_.size() && s_[pos_] == '-') ++pos_;
    if (!digits()) fail("expected a value");
    if (pos_ < s_.size() && s_[pos_] == '.' && (++pos_, !digits())) fail("bad number");
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
      if (!digits()) fail("bad exponent");
    }
    return std::string(s_.substr(start, pos_ - start));
  }

  std::string string() {
    ++pos_;  // opening quote
    std::string out;
    while (pos_ < s_.size() && s_[pos_] != '"') {
      char c = s_[pos_];
      if (static_cast<unsigned char>(c) < 0x20) fail("control character in string");
      if (static_cast<unsigned char>(c) >= 0x80) {
        utf8_sequence(out);
        continue;
      }
      ++pos_;
      if (c == '\\') {
        if (pos_ >= s_.size()) break;
        const char e = s_[pos_++];
        switch (e) {
          case 'n': c = '\n'; break;
          case 't': c = '\t'; break;
          case 'r': c = '\r'; break;
          case 'b': c = '\b'; break;
          case 'f': c = '\f'; break;
          case '"': case '\\': case '/': c = e; break;
          case 'u': unicode_escape(out); continue;
          default: fail("bad escape");
        }
      }
      out.push_back(c);
    }
    if (pos_ >= s_.size()) fail("unterminated string");
    ++pos_;  // closing quote
    return out;
  }

  unsigned hex4() {
    if (pos_ + 4 > s_.size()) fail("bad \\u escape");
    unsigned code = 0;
    for (int i = 0; i < 4; ++i) {
      const auto h = static_cast<unsigned char>(s_[pos_++]);
      if (!std::isxdigit(h)) fail("bad \\u escape");
      code = code * 16 + static_cast<unsigned>(std::isdigit(h) ? h - '0' : std::tolower(h) - 'a' + 10);
    }
    return code;
  }

  static void append_utf8(std::string& out, uint32_t code) {
    if (code < 0x80) {
      out.push_back(static_cast<char>(code));
    } else if (code < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (code >> 6)));
      out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else if (code < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (code >> 12)));
      out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (code >> 18)));
      out.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    }
  }

  // After "\u": one code unit, or a surrogate pair written as two escapes.
  void unicode_escape(std::string& out) {
    uint32_t code = hex4();
    if (code >= 0xDC00 && code <= 0xDFFF) fail("unpaired surrogate in \\u escape");
    if (code >= 0xD800 && code <= 0xDBFF) {
      if (s_.substr(pos_, 2) != "\\u") fail("unpaired surrogate in \\u escape");
      pos_ += 2;
      const uint32_t low = hex4();
      if (low < 0xDC00 || low > 0xDFFF) fail("unpaired surrogate in \\u escape");
      code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
    }
    append_utf8(out, code);
  }

  // One multi-byte UTF-8 character, copied after checking it is well formed
  // (shortest form, no surrogates, at most U+10FFFF), as RFC 8259 requires.
  void utf8_sequence(std::string& out) {
    uint32_t code = 0;
    const size_t n = text::utf8_sequence(s_, pos_, code);
    if (n == 0) fail("invalid UTF-8");
    out.append(s_.substr(pos_, n));
    pos_ += n;
  }

  std::string_view s_;
  size_t max_values_;
  size_t pos_ = 0;
  size_t values_ = 0;
};

}  // namespace

JsonValue parse_json(std::string_view text, size_t max_values) {
  return Parser(text, max_values).document();
}

}  // namespace cdma::json

#include "model/json_value.hpp"

#include <cctype>

#include "model/errors.hpp"
#include "model/limits.hpp"
#include "model/text.hpp"

namespace cdma::model {
namespace {

// Recursive descent; depth is limited so that a hostile file cannot exhaust
// the stack.
class Parser {
 public:
  Parser(std::string_view text, const std::string& source) : s_(text), source_(source) {}

  JsonValue document() {
    JsonValue v = value(0);
    skip_space();
    if (pos_ != s_.size()) fail("trailing characters");
    return v;
  }

 private:
  static constexpr int kMaxDepth = 64;
  // Enough for every layer of the largest network to carry every field; a
  // file of a million tiny values is refused before it takes gigabytes.
  static constexpr size_t kMaxValues = 32 * limits::kMaxLayers;

  [[noreturn]] void fail(const std::string& why) const {
    throw ModelError(ErrorKind::data, printable(source_) + ": offset " + std::to_string(pos_) + ": " + why);
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
    if (++values_ > kMaxValues) fail("more than " + std::to_string(kMaxValues) + " values");
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

  JsonValue object(int depth) {
    JsonValue v;
    v.kind = JsonValue::Kind::object;
    expect('{');
    if (eat('}')) return v;
    do {
      skip_space();
      if (pos_ >= s_.size() || s_[pos_] != '"') fail("expected a member name");
      std::string key = string();
      expect(':');
      v.members.emplace_back(std::move(key), value(depth + 1));
    } while (eat(','));
    expect('}');
    return v;
  }

  JsonValue array(int depth) {
    JsonValue v;
    v.kind = JsonValue::Kind::array;
    expect('[');
    if (eat(']')) return v;
    do v.items.push_back(value(depth + 1));
    while (eat(','));
    expect(']');
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

  // Escapes other than \uXXXX are decoded; \u is kept only for ASCII, which
  // is all a layer name or field needs.
  std::string string() {
    ++pos_;  // opening quote
    std::string out;
    while (pos_ < s_.size() && s_[pos_] != '"') {
      char c = s_[pos_++];
      if (static_cast<unsigned char>(c) < 0x20) fail("control character in string");
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
          case 'u': c = unicode_escape(); break;
          default: fail("bad escape");
        }
      }
      out.push_back(c);
    }
    if (pos_ >= s_.size()) fail("unterminated string");
    ++pos_;  // closing quote
    return out;
  }

  char unicode_escape() {
    if (pos_ + 4 > s_.size()) fail("bad \\u escape");
    unsigned code = 0;
    for (int i = 0; i < 4; ++i) {
      const char h = s_[pos_++];
      if (!std::isxdigit(static_cast<unsigned char>(h))) fail("bad \\u escape");
      code = code * 16 + static_cast<unsigned>(std::isdigit(static_cast<unsigned char>(h))
                                                   ? h - '0'
                                                   : std::tolower(static_cast<unsigned char>(h)) - 'a' + 10);
    }
    if (code >= 0x80) fail("only ASCII \\u escapes are supported");
    return static_cast<char>(code);
  }

  std::string_view s_;
  const std::string& source_;
  size_t pos_ = 0;
  size_t values_ = 0;
};

}  // namespace

JsonValue parse_json(std::string_view text, const std::string& source) {
  return Parser(text, source).document();
}

}  // namespace cdma::model

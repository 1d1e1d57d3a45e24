#include "tensorio/py_literal.hpp"

#include <cctype>
#include <limits>

namespace cdma::tensorio {
namespace {

class Parser {
 public:
  explicit Parser(std::string_view text) : s_(text) {}

  std::optional<PyValue> parse_all(std::string& error) {
    PyValue v;
    if (!value(v, 0)) {
      error = error_;
      return std::nullopt;
    }
    skip_space();
    if (pos_ != s_.size()) {
      fail("unexpected text after the literal");
      error = error_;
      return std::nullopt;
    }
    return v;
  }

 private:
  bool fail(const std::string& what) {
    error_ = what + " at offset " + std::to_string(pos_);
    return false;
  }

  void skip_space() {
    while (pos_ < s_.size() &&
           (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r'))
      ++pos_;
  }

  bool at(char c) {
    skip_space();
    return pos_ < s_.size() && s_[pos_] == c;
  }

  bool expect(char c) {
    if (!at(c)) return fail(std::string("expected '") + c + "'");
    ++pos_;
    return true;
  }

  bool value(PyValue& v, int depth) {
    if (depth > kMaxPyLiteralDepth) return fail("literal nested too deeply");
    skip_space();
    if (pos_ == s_.size()) return fail("unexpected end of header");
    const char c = s_[pos_];
    if (c == '\'' || c == '"') return string(v);
    if (c == '-' || (c >= '0' && c <= '9')) return integer(v);
    if (c == '(') return sequence(v, PyValue::Kind::tuple, ')', depth);
    if (c == '[') return sequence(v, PyValue::Kind::list, ']', depth);
    if (c == '{') return dict(v, depth);
    if (word("True")) return boolean(v, true);
    if (word("False")) return boolean(v, false);
    return fail("expected a string, integer, True, False, tuple, list or dict");
  }

  bool word(std::string_view w) {
    if (s_.substr(pos_, w.size()) != w) return false;
    const size_t end = pos_ + w.size();
    // "Truex" is a name, not the constant.
    if (end < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[end])) || s_[end] == '_'))
      return false;
    pos_ = end;
    return true;
  }

  bool boolean(PyValue& v, bool b) {
    v.kind = PyValue::Kind::boolean;
    v.boolean = b;
    return true;
  }

  bool integer(PyValue& v) {
    v.kind = PyValue::Kind::integer;
    if (s_[pos_] == '-') {
      v.negative = true;
      ++pos_;
    }
    const size_t start = pos_;
    uint64_t m = 0;
    while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') {
      const uint64_t digit = static_cast<uint64_t>(s_[pos_] - '0');
      if (m > (std::numeric_limits<uint64_t>::max() - digit) / 10)
        return fail("integer does not fit in 64 bits");
      m = m * 10 + digit;
      ++pos_;
    }
    if (pos_ == start) return fail("expected digits");
    v.magnitude = m;
    return true;
  }

  static int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  // Python string literal with the escapes repr() produces for byte and
  // Latin-1/UTF-8 text. Non-ASCII bytes pass through unchanged: v1/v2
  // headers are Latin-1 and v3 headers UTF-8, and the values we interpret
  // (descr type strings) are ASCII either way.
  bool string(PyValue& v) {
    v.kind = PyValue::Kind::string;
    const char quote = s_[pos_++];
    while (true) {
      if (pos_ >= s_.size()) return fail("unterminated string");
      const char c = s_[pos_++];
      if (c == quote) return true;
      if (c == '\n') return fail("newline inside a string");
      if (c != '\\') {
        v.text += c;
        continue;
      }
      if (pos_ >= s_.size()) return fail("unterminated string");
      const char e = s_[pos_++];
      switch (e) {
        case '\\': v.text += '\\'; break;
        case '\'': v.text += '\''; break;
        case '"': v.text += '"'; break;
        case 'n': v.text += '\n'; break;
        case 'r': v.text += '\r'; break;
        case 't': v.text += '\t'; break;
        case '0': v.text += '\0'; break;
        case 'x': {
          const int hi = pos_ + 1 < s_.size() ? hex_digit(s_[pos_]) : -1;
          const int lo = hi >= 0 ? hex_digit(s_[pos_ + 1]) : -1;
          if (lo < 0) return fail("bad \\x escape");
          v.text += static_cast<char>(hi * 16 + lo);
          pos_ += 2;
          break;
        }
        default: return fail(std::string("unsupported escape '\\") + e + "'");
      }
    }
  }

  // Tuples and lists. "(x)" without a comma is a parenthesised value, as in
  // Python, not a 1-tuple.
  bool sequence(PyValue& v, PyValue::Kind kind, char close, int depth) {
    ++pos_;
    v.kind = kind;
    bool saw_comma = false;
    while (!at(close)) {
      PyValue item;
      if (!value(item, depth + 1)) return false;
      v.items.push_back(std::move(item));
      if (at(close)) break;
      if (!expect(',')) return false;
      saw_comma = true;
    }
    ++pos_;
    if (kind == PyValue::Kind::tuple && v.items.size() == 1 && !saw_comma) {
      PyValue inner = std::move(v.items[0]);
      v = std::move(inner);
    }
    return true;
  }

  bool dict(PyValue& v, int depth) {
    ++pos_;
    v.kind = PyValue::Kind::dict;
    while (!at('}')) {
      PyValue key;
      if (!value(key, depth + 1)) return false;
      if (key.kind != PyValue::Kind::string) return fail("dict keys must be strings");
      if (!expect(':')) return false;
      PyValue item;
      if (!value(item, depth + 1)) return false;
      v.keys.push_back(std::move(key.text));
      v.items.push_back(std::move(item));
      if (at('}')) break;
      if (!expect(',')) return false;
    }
    ++pos_;
    return true;
  }

  std::string_view s_;
  size_t pos_ = 0;
  std::string error_;
};

}  // namespace

const char* kind_name(PyValue::Kind kind) {
  switch (kind) {
    case PyValue::Kind::string: return "a string";
    case PyValue::Kind::integer: return "an integer";
    case PyValue::Kind::boolean: return "a boolean";
    case PyValue::Kind::tuple: return "a tuple";
    case PyValue::Kind::list: return "a list";
    case PyValue::Kind::dict: return "a dict";
  }
  return "a value";
}

std::optional<PyValue> parse_py_literal(std::string_view text, std::string& error) {
  return Parser(text).parse_all(error);
}

}  // namespace cdma::tensorio

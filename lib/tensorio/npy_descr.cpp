#include "tensorio/npy_descr.hpp"

#include <bit>

#include "tensorio/shape.hpp"

namespace cdma::tensorio {
namespace {

ByteOrder order_from_char(char c, bool* ok) {
  *ok = true;
  switch (c) {
    case '<': return ByteOrder::little;
    case '>': return ByteOrder::big;
    case '|': return ByteOrder::not_applicable;
    case '=':  // native: the order of the machine reading the file
      return std::endian::native == std::endian::little ? ByteOrder::little : ByteOrder::big;
  }
  *ok = false;
  return ByteOrder::not_applicable;
}

// Which byte counts NumPy's fixed-size kinds come in; the flexible kinds
// (V, S, U) take any positive count.
bool size_allowed(char kind, uint64_t n) {
  switch (kind) {
    case 'b': return n == 1;
    case 'i':
    case 'u': return n == 1 || n == 2 || n == 4 || n == 8;
    case 'f': return n == 2 || n == 4 || n == 8 || n == 12 || n == 16;
    case 'c': return n == 8 || n == 16 || n == 24 || n == 32;
    case 'M':
    case 'm': return n == 8;
    case 'V':
    case 'S':
    case 'U': return n > 0;
  }
  return false;
}

// A datetime unit suffix such as "[ns]" or "[25s]": brackets around letters
// and digits. Only M and m may carry one.
bool valid_unit(std::string_view unit) {
  if (unit.size() < 3 || unit.front() != '[' || unit.back() != ']') return false;
  for (size_t i = 1; i + 1 < unit.size(); ++i) {
    const char c = unit[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
      return false;
  }
  return true;
}

std::optional<NpyDtype> parse_typestr(const std::string& s, std::string& error) {
  const auto bad = [&](const std::string& why) {
    error = "descr '" + s + "' " + why;
    return std::nullopt;
  };
  size_t i = 0;
  NpyDtype d;
  d.descr = s;
  if (i < s.size()) {
    bool ok = false;
    const ByteOrder order = order_from_char(s[i], &ok);
    if (ok) {
      d.byte_order = order;
      ++i;
    }
  }
  if (i >= s.size()) return bad("has no type letter");
  d.kind = s[i++];
  if (d.kind == 'O')
    return bad("is an object array: the file holds pickled Python objects, not tensor data;"
               " save a numeric array instead");
  if (d.kind == 'a') d.kind = 'S';  // old NumPy spelling of byte strings
  const size_t digits = i;
  uint64_t count = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
    if (!checked_mul(count, 10, &count) || __builtin_add_overflow(count, s[i] - '0', &count))
      return bad("has an item size that overflows");
    ++i;
  }
  if (i == digits) return bad("has no item size");
  if (i < s.size()) {
    if ((d.kind != 'M' && d.kind != 'm') || !valid_unit(std::string_view(s).substr(i)))
      return bad("is not a NumPy type string");
  }
  if (!size_allowed(d.kind, count)) {
    if (count == 0) return bad("has zero-width elements, which cdma cannot store");
    return bad("is not a NumPy type string");
  }
  // 'U' counts UCS-4 characters; everything else counts bytes.
  if (d.kind == 'U' && !checked_mul(count, 4, &count)) return bad("has an item size that overflows");
  d.itemsize = count;
  return d;
}

std::optional<uint64_t> structured_itemsize(const PyValue& fields, std::string& error, int depth);

// Item size of one descr value: a type string or a field list.
std::optional<uint64_t> descr_itemsize(const PyValue& descr, std::string& error, int depth) {
  if (descr.kind == PyValue::Kind::string) {
    const auto d = parse_typestr(descr.text, error);
    if (!d) return std::nullopt;
    return d->itemsize;
  }
  if (descr.kind == PyValue::Kind::list) return structured_itemsize(descr, error, depth + 1);
  error = std::string("descr must be a string or a list of fields, not ") + kind_name(descr.kind);
  return std::nullopt;
}

// A structured dtype is a list of (name, descr) or (name, descr, shape)
// tuples; NumPy writes explicit '|Vn' padding fields, so the item size is the
// plain sum of the field sizes. The name may be a (title, name) pair.
std::optional<uint64_t> structured_itemsize(const PyValue& fields, std::string& error, int depth) {
  if (depth > kMaxPyLiteralDepth) {
    error = "descr nests structured fields too deeply";
    return std::nullopt;
  }
  uint64_t total = 0;
  for (const PyValue& f : fields.items) {
    const bool shape_ok = f.items.size() == 2 ||
                          (f.items.size() == 3 && f.items[2].kind == PyValue::Kind::tuple);
    if (f.kind != PyValue::Kind::tuple || !shape_ok ||
        (f.items[0].kind != PyValue::Kind::string && f.items[0].kind != PyValue::Kind::tuple)) {
      error = "descr field list: each field must be (name, descr) or (name, descr, shape)";
      return std::nullopt;
    }
    const auto size = descr_itemsize(f.items[1], error, depth);
    if (!size) return std::nullopt;
    uint64_t count = 1;
    if (f.items.size() == 3) {
      std::vector<uint64_t> dims;
      for (const PyValue& d : f.items[2].items) {
        if (d.kind != PyValue::Kind::integer || d.negative) {
          error = "descr field shape must hold non-negative integers";
          return std::nullopt;
        }
        dims.push_back(d.magnitude);
      }
      if (!element_count(dims, &count)) {
        error = "descr field shape overflows 64 bits";
        return std::nullopt;
      }
    }
    uint64_t bytes = 0;
    if (!checked_mul(*size, count, &bytes) || __builtin_add_overflow(total, bytes, &total)) {
      error = "descr field sizes overflow 64 bits";
      return std::nullopt;
    }
  }
  return total;
}

}  // namespace

std::optional<NpyDtype> parse_npy_descr(const PyValue& descr, std::string& error) {
  if (descr.kind == PyValue::Kind::string) return parse_typestr(descr.text, error);
  const auto size = descr_itemsize(descr, error, 0);
  if (!size) return std::nullopt;
  if (*size == 0) {
    error = "descr is a structured dtype with zero-width elements, which cdma cannot store";
    return std::nullopt;
  }
  NpyDtype d;
  d.kind = 'V';
  d.structured = true;
  d.itemsize = *size;
  return d;
}

}  // namespace cdma::tensorio

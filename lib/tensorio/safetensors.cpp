#include "tensorio/safetensors.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <utility>

#include "json/json_value.hpp"
#include "tensorio/dtype.hpp"
#include "tensorio/shape.hpp"
#include "text/escape.hpp"

namespace cdma::tensorio {
namespace {

using json::JsonValue;

constexpr std::array<std::pair<std::string_view, std::string_view>, 15> kNames = {{
    {"F64", "f64"}, {"F32", "f32"}, {"F16", "f16"}, {"BF16", "bf16"},
    {"F8_E4M3", "f8e4m3"}, {"F8_E5M2", "f8e5m2"}, {"I64", "i64"}, {"I32", "i32"},
    {"I16", "i16"}, {"I8", "i8"}, {"U64", "u64"}, {"U32", "u32"}, {"U16", "u16"},
    {"U8", "u8"}, {"BOOL", "bool"},
}};

// A header holds about ten values per tensor; this allows 200,000 tensors
// (more than any checkpoint has) while bounding the parsed header to a few
// hundred MB whatever its 100 MB of text holds.
constexpr size_t kMaxValues = 2'000'000;

// Names, keys and dtypes come from the file: escaped, so that a message
// cannot be forged.
std::string quoted(std::string_view name) { return "tensor " + text::quoted_name(name); }

// A JSON number that is a plain non-negative integer fitting in 64 bits
// (no sign, fraction or exponent: an offset must not round).
std::optional<uint64_t> whole_number(const JsonValue& v) {
  if (v.kind != JsonValue::Kind::number || v.text.empty() || v.text.size() > 20) return std::nullopt;
  uint64_t n = 0;
  for (const char c : v.text) {
    if (c < '0' || c > '9') return std::nullopt;
    const auto digit = static_cast<uint64_t>(c - '0');
    if (n > (UINT64_MAX - digit) / 10) return std::nullopt;
    n = n * 10 + digit;
  }
  return n;
}

bool check_metadata(const JsonValue& v, std::string& error) {
  if (v.kind == JsonValue::Kind::null) return true;
  if (v.kind != JsonValue::Kind::object) {
    error = "\"__metadata__\" is not an object of strings";
    return false;
  }
  for (const auto& [key, value] : v.members)
    if (value.kind != JsonValue::Kind::string) {
      error = "\"__metadata__\" entry " + text::quoted_name(key) + " is not a string";
      return false;
    }
  return true;
}

std::optional<SafetensorsTensor> read_tensor(const std::string& name, const JsonValue& v,
                                             std::string& error) {
  const std::string who = quoted(name);
  if (v.kind != JsonValue::Kind::object) {
    error = who + ": not an object";
    return std::nullopt;
  }
  const JsonValue* dtype = nullptr;
  const JsonValue* shape = nullptr;
  const JsonValue* offsets = nullptr;
  for (const auto& [key, value] : v.members) {
    const JsonValue** slot = key == "dtype" ? &dtype : key == "shape" ? &shape
                             : key == "data_offsets" ? &offsets : nullptr;
    if (!slot) {
      error = who + ": unknown field " + text::quoted_name(key);
      return std::nullopt;
    }
    if (*slot) {
      error = who + ": field " + text::quoted_name(key) + " given twice";
      return std::nullopt;
    }
    *slot = &value;
  }
  if (!dtype || !shape || !offsets) {
    error = who + ": missing \"" + std::string(!dtype ? "dtype" : !shape ? "shape" : "data_offsets") + "\"";
    return std::nullopt;
  }
  SafetensorsTensor t;
  t.name = name;
  if (dtype->kind != JsonValue::Kind::string) {
    error = who + ": \"dtype\" is not a string";
    return std::nullopt;
  }
  t.dtype = dtype->text;
  t.cdma_dtype = cdma_dtype_for_safetensors(t.dtype);
  if (t.cdma_dtype.empty()) {
    std::string known;
    for (const auto& [st, cdma] : kNames) known += (known.empty() ? "" : " ") + std::string(st);
    error = who + ": unknown dtype " + text::quoted_name(t.dtype) + " (known: " + known + ")";
    return std::nullopt;
  }
  t.itemsize = *dtype_width(t.cdma_dtype);
  if (shape->kind != JsonValue::Kind::array) {
    error = who + ": \"shape\" is not an array";
    return std::nullopt;
  }
  for (const JsonValue& d : shape->items) {
    const auto dim = whole_number(d);
    if (!dim) {
      error = who + ": \"shape\" holds something other than a non-negative integer";
      return std::nullopt;
    }
    t.shape.push_back(*dim);
  }
  const auto begin = offsets->kind == JsonValue::Kind::array && offsets->items.size() == 2
                         ? whole_number(offsets->items[0]) : std::nullopt;
  const auto end = begin ? whole_number(offsets->items[1]) : std::nullopt;
  if (!end) {
    error = who + ": \"data_offsets\" is not [begin, end] of non-negative integers";
    return std::nullopt;
  }
  if (*begin > *end) {
    error = who + ": \"data_offsets\" out of order (begin " + std::to_string(*begin) + " > end " +
            std::to_string(*end) + ")";
    return std::nullopt;
  }
  t.begin = *begin;
  t.end = *end;
  uint64_t count = 0, bytes = 0;
  if (!element_count(t.shape, &count) || !checked_mul(count, t.itemsize, &bytes) ||
      bytes != t.end - t.begin) {
    error = who + ": shape " + format_shape(t.shape) + " of " + t.dtype + " does not fill its " +
            std::to_string(t.end - t.begin) + " bytes of data_offsets";
    return std::nullopt;
  }
  return t;
}

// The tensors' byte ranges must tile [0, data_size) exactly: the format
// forbids holes and overlaps (a hole could hide a second file in the first).
bool check_coverage(std::vector<SafetensorsTensor>& tensors, uint64_t data_size, std::string& error) {
  std::stable_sort(tensors.begin(), tensors.end(), [](const auto& a, const auto& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
  });
  uint64_t at = 0;
  for (const SafetensorsTensor& t : tensors) {
    if (t.begin != at) {
      error = quoted(t.name) + ": data_offsets [" + std::to_string(t.begin) + ", " +
              std::to_string(t.end) + "] " + (t.begin < at ? "overlap" : "leave a gap after") +
              " the tensor data ending at " + std::to_string(at);
      return false;
    }
    at = t.end;
  }
  if (at != data_size) {
    error = "the tensors' data_offsets end at " + std::to_string(at) + " but the file holds " +
            std::to_string(data_size) + " bytes of tensor data";
    return false;
  }
  return true;
}

}  // namespace

std::string_view cdma_dtype_for_safetensors(std::string_view name) {
  for (const auto& [st, cdma] : kNames)
    if (st == name) return cdma;
  return {};
}

std::optional<uint64_t> safetensors_header_length(std::span<const uint8_t> head,
                                                  uint64_t file_size, std::string& error) {
  if (head.size() < kSafetensorsLengthSize || file_size < kSafetensorsLengthSize) {
    error = "shorter than the 8-byte header length of a safetensors file";
    return std::nullopt;
  }
  uint64_t n = 0;
  for (size_t i = 0; i < kSafetensorsLengthSize; ++i) n |= static_cast<uint64_t>(head[i]) << (8 * i);
  if (n > kSafetensorsMaxHeader) {
    error = "safetensors header length " + std::to_string(n) + " is over the limit of " +
            std::to_string(kSafetensorsMaxHeader) + " bytes";
    return std::nullopt;
  }
  if (n > file_size - kSafetensorsLengthSize) {
    error = "safetensors header length " + std::to_string(n) + " runs past the end of the " +
            std::to_string(file_size) + "-byte file";
    return std::nullopt;
  }
  return n;
}

std::optional<SafetensorsLayout> parse_safetensors(std::span<const uint8_t> header,
                                                   uint64_t file_size, std::string& error) {
  const auto n = safetensors_header_length(header, file_size, error);
  if (!n) return std::nullopt;
  if (header.size() != kSafetensorsLengthSize + *n) {
    error = "safetensors header is " + std::to_string(header.size()) + " bytes, not " +
            std::to_string(kSafetensorsLengthSize + *n);
    return std::nullopt;
  }
  const std::string_view text(reinterpret_cast<const char*>(header.data()) + kSafetensorsLengthSize, *n);
  if (text.empty() || text.front() != '{') {
    error = "safetensors header does not start with '{'";
    return std::nullopt;
  }
  JsonValue doc;
  try {
    doc = json::parse_json(text, kMaxValues);
  } catch (const json::JsonError& e) {
    error = std::string("safetensors header is not valid JSON: ") + e.what();
    return std::nullopt;
  }
  SafetensorsLayout layout;
  layout.header_size = kSafetensorsLengthSize + *n;
  std::set<std::string_view> names;
  for (const auto& [key, value] : doc.members) {
    if (!names.insert(key).second) {
      error = (key == "__metadata__" ? std::string("\"__metadata__\"") : quoted(key)) +
              " appears twice in the header";
      return std::nullopt;
    }
    if (key == "__metadata__") {
      if (!check_metadata(value, error)) return std::nullopt;
      continue;
    }
    auto t = read_tensor(key, value, error);
    if (!t) return std::nullopt;
    layout.tensors.push_back(std::move(*t));
  }
  if (!check_coverage(layout.tensors, file_size - layout.header_size, error)) return std::nullopt;
  return layout;
}

}  // namespace cdma::tensorio

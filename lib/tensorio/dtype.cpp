#include "tensorio/dtype.hpp"

#include <array>

namespace cdma::tensorio {
namespace {

constexpr std::array<DtypeSpec, 15> kDtypes = {{
    {"f64", 8}, {"f32", 4}, {"f16", 2}, {"bf16", 2}, {"f8e4m3", 1}, {"f8e5m2", 1},
    {"i8", 1},  {"u8", 1},  {"i16", 2}, {"u16", 2},  {"i32", 4},    {"u32", 4},
    {"i64", 8}, {"u64", 8}, {"bool", 1},
}};

}  // namespace

std::span<const DtypeSpec> dtype_table() { return kDtypes; }

std::optional<unsigned> dtype_width(std::string_view name) {
  for (const DtypeSpec& d : kDtypes)
    if (d.name == name) return d.width;
  return std::nullopt;
}

std::string dtype_names() {
  std::string s;
  for (const DtypeSpec& d : kDtypes) {
    if (!s.empty()) s += ' ';
    s += d.name;
  }
  return s;
}

std::optional<uint64_t> recorded_dtype_itemsize(std::string_view name) {
  if (const auto width = dtype_width(name)) return *width;
  if (name == "c64") return 8;
  if (name == "c128") return 16;
  constexpr std::string_view kNpyPrefix = "npy:";
  if (!name.starts_with(kNpyPrefix)) return std::nullopt;
  PyValue typestr;
  typestr.kind = PyValue::Kind::string;
  typestr.text = std::string(name.substr(kNpyPrefix.size()));
  std::string ignored;
  const auto d = parse_npy_descr(typestr, ignored);
  if (!d) return std::nullopt;
  return d->itemsize;
}

std::string_view dtype_for_npy(const NpyDtype& dtype) {
  if (dtype.structured) return "";
  // One-byte types have no byte order ('|'); wider ones must be little-endian.
  const bool layout_ok = dtype.itemsize == 1 || dtype.byte_order == ByteOrder::little;
  if (!layout_ok) return "";
  switch (dtype.kind) {
    case 'f':
      if (dtype.itemsize == 8) return "f64";
      if (dtype.itemsize == 4) return "f32";
      if (dtype.itemsize == 2) return "f16";
      return "";
    case 'i':
      if (dtype.itemsize == 1) return "i8";
      if (dtype.itemsize == 2) return "i16";
      if (dtype.itemsize == 4) return "i32";
      return dtype.itemsize == 8 ? "i64" : "";
    case 'u':
      if (dtype.itemsize == 1) return "u8";
      if (dtype.itemsize == 2) return "u16";
      if (dtype.itemsize == 4) return "u32";
      return dtype.itemsize == 8 ? "u64" : "";
    case 'b': return "bool";
  }
  return "";
}

unsigned zvc_element_width(uint64_t itemsize) {
  for (const unsigned w : {8u, 4u, 2u})
    if (itemsize % w == 0) return w;
  return 1;
}

}  // namespace cdma::tensorio

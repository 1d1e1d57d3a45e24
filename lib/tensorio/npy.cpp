#include "tensorio/npy.hpp"

#include <cstring>
#include <string_view>

#include "tensorio/shape.hpp"

namespace cdma::tensorio {
namespace {

constexpr uint8_t kMagic[kNpyMagicSize] = {0x93, 'N', 'U', 'M', 'P', 'Y'};

std::optional<std::vector<uint64_t>> read_shape(const PyValue& v, std::string& error) {
  if (v.kind != PyValue::Kind::tuple) {
    error = std::string("'shape' must be a tuple, not ") + kind_name(v.kind);
    return std::nullopt;
  }
  std::vector<uint64_t> dims;
  for (const PyValue& d : v.items) {
    if (d.kind != PyValue::Kind::integer || d.negative) {
      error = "'shape' must hold non-negative integers";
      return std::nullopt;
    }
    dims.push_back(d.magnitude);
  }
  return dims;
}

// Fills the dict-derived fields of *h, requiring exactly NumPy's three keys.
bool read_dict(const PyValue& dict, NpyHeader* h, std::string& error) {
  if (dict.kind != PyValue::Kind::dict) {
    error = std::string("not a dict but ") + kind_name(dict.kind);
    return false;
  }
  const PyValue* descr = nullptr;
  const PyValue* fortran = nullptr;
  const PyValue* shape = nullptr;
  for (size_t i = 0; i < dict.keys.size(); ++i) {
    const std::string& k = dict.keys[i];
    const PyValue** slot = k == "descr" ? &descr
                           : k == "fortran_order" ? &fortran
                           : k == "shape" ? &shape
                                          : nullptr;
    if (slot == nullptr) {
      error = "unexpected key '" + k + "' (a .npy header has exactly descr, fortran_order and shape)";
      return false;
    }
    if (*slot != nullptr) {
      error = "key '" + k + "' repeated";
      return false;
    }
    *slot = &dict.items[i];
  }
  for (const auto& [value, name] : {std::pair{descr, "descr"}, std::pair{fortran, "fortran_order"},
                                    std::pair{shape, "shape"}}) {
    if (value == nullptr) {
      error = std::string("missing key '") + name + "'";
      return false;
    }
  }
  if (fortran->kind != PyValue::Kind::boolean) {
    error = std::string("'fortran_order' must be True or False, not ") + kind_name(fortran->kind);
    return false;
  }
  h->fortran_order = fortran->boolean;
  auto dims = read_shape(*shape, error);
  if (!dims) return false;
  h->shape = std::move(*dims);
  auto dtype = parse_npy_descr(*descr, error);
  if (!dtype) return false;
  h->dtype = std::move(*dtype);
  if (!element_count(h->shape, &h->element_count) ||
      !checked_mul(h->element_count, h->dtype.itemsize, &h->data_size)) {
    error = "shape " + format_shape(h->shape) + " with " + std::to_string(h->dtype.itemsize) +
            "-byte elements overflows 64 bits";
    return false;
  }
  return true;
}

}  // namespace

bool has_npy_magic(std::span<const uint8_t> bytes) {
  return bytes.size() >= kNpyMagicSize && std::memcmp(bytes.data(), kMagic, kNpyMagicSize) == 0;
}

std::optional<NpyHeader> parse_npy_header(std::span<const uint8_t> bytes, std::string& error) {
  if (!has_npy_magic(bytes)) {
    error = "not a .npy file (no \\x93NUMPY magic)";
    return std::nullopt;
  }
  NpyHeader h;
  if (bytes.size() < kNpyMagicSize + 2) {
    error = ".npy file truncated inside its version bytes";
    return std::nullopt;
  }
  h.major = bytes[kNpyMagicSize];
  h.minor = bytes[kNpyMagicSize + 1];
  if (h.major < 1 || h.major > 3 || h.minor != 0) {
    error = "unsupported .npy format version " + std::to_string(h.major) + "." +
            std::to_string(h.minor) + " (cdma reads 1.0, 2.0 and 3.0)";
    return std::nullopt;
  }
  // v1 stores HEADER_LEN in 2 bytes; v2 widened it to 4, v3 kept that and
  // made the header UTF-8 instead of Latin-1.
  const size_t len_bytes = h.major == 1 ? 2 : 4;
  const size_t prelude = kNpyMagicSize + 2 + len_bytes;
  if (bytes.size() < prelude) {
    error = ".npy file truncated inside its header length";
    return std::nullopt;
  }
  uint64_t len = 0;
  for (size_t i = 0; i < len_bytes; ++i) len |= uint64_t{bytes[kNpyMagicSize + 2 + i]} << (8 * i);
  if (len > kNpyMaxHeaderLen) {
    error = ".npy header is " + std::to_string(len) + " bytes, over the " +
            std::to_string(kNpyMaxHeaderLen) + "-byte limit NumPy applies to untrusted files";
    return std::nullopt;
  }
  if (bytes.size() - prelude < len) {
    error = ".npy header says " + std::to_string(len) + " bytes but the file has only " +
            std::to_string(bytes.size() - prelude) + " after the header length";
    return std::nullopt;
  }
  h.header_len = static_cast<size_t>(len);
  h.data_offset = prelude + h.header_len;
  const std::string_view text(reinterpret_cast<const char*>(bytes.data() + prelude), h.header_len);
  std::string why;
  const auto dict = parse_py_literal(text, why);
  if (!dict) {
    error = ".npy header is not a Python literal: " + why;
    return std::nullopt;
  }
  if (!read_dict(*dict, &h, why)) {
    error = ".npy header: " + why;
    return std::nullopt;
  }
  return h;
}

bool check_npy_data_size(const NpyHeader& header, uint64_t file_size, std::string& error) {
  const uint64_t have = file_size > header.data_offset ? file_size - header.data_offset : 0;
  if (have < header.data_size) {
    error = ".npy file truncated: shape " + format_shape(header.shape) + " needs " +
            std::to_string(header.data_size) + " data bytes, the file has " + std::to_string(have);
    return false;
  }
  if (have > header.data_size) {
    error = ".npy file has " + std::to_string(have - header.data_size) +
            " bytes after the data that shape " + format_shape(header.shape) + " holds";
    return false;
  }
  return true;
}

}  // namespace cdma::tensorio

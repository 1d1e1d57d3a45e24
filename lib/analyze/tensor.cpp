#include "analyze/tensor.hpp"

#include "tensorio/dtype.hpp"
#include "tensorio/npy.hpp"
#include "tensorio/shape.hpp"

namespace cdma::analyze {
namespace {

namespace tio = cdma::tensorio;

// cdma's floating-point names; every cdma name promises little-endian bytes.
bool is_float_name(const std::string& name) {
  return name == "bf16" || (!name.empty() && name[0] == 'f');
}

unsigned checked_width(const std::string& dtype) {
  const auto width = tio::dtype_width(dtype);
  if (!width)
    throw InputError(true, "unknown --dtype " + dtype + " (known: " + tio::dtype_names() + ")");
  return *width;
}

Tensor open_npy(std::span<const uint8_t> bytes, const InputHints& hints) {
  std::string error;
  const auto h = tio::parse_npy_header(bytes, error);
  if (!h || !tio::check_npy_data_size(*h, bytes.size(), error)) throw InputError(false, error);
  if (!hints.shape.empty())
    throw InputError(true, "--shape is for raw input; a .npy file records its own shape");
  Tensor t;
  t.data = bytes.subspan(h->data_offset);
  t.itemsize = h->dtype.itemsize;
  t.elements = h->element_count;
  t.descr = h->dtype.structured ? "structured" : h->dtype.descr;
  t.dtype = tio::dtype_for_npy(h->dtype);
  t.has_shape = true;
  t.shape = h->shape;
  t.fortran_order = h->fortran_order;
  t.zvc_width = tio::zvc_element_width(t.itemsize);
  if (!hints.dtype.empty() && t.dtype.empty()) {
    // --dtype names what the descr cannot ('<V2' is bf16 from ml_dtypes,
    // '|V1' fp8) but never changes the element size. Files that name their
    // own type keep it, so that `--dtype bf16 DIR` names the bf16 dumps of
    // a directory without touching its f32 ones.
    const unsigned width = checked_width(hints.dtype);
    if (width != t.itemsize)
      throw InputError(true, "--dtype " + hints.dtype + " has " + std::to_string(width) +
                                 "-byte elements but descr '" + t.descr + "' has " +
                                 std::to_string(t.itemsize) + "-byte ones");
    t.dtype = hints.dtype;
  }
  if (is_float_name(t.dtype)) {
    t.exponent_byte = static_cast<unsigned>(t.itemsize - 1);
  } else if (h->dtype.kind == 'f' && h->dtype.byte_order == tio::ByteOrder::big &&
             t.itemsize <= 8) {
    t.exponent_byte = 0;  // '>f4' and friends: the sign byte comes first
  }
  return t;
}

Tensor open_raw(std::span<const uint8_t> bytes, const InputHints& hints) {
  if (hints.dtype.empty())
    throw InputError(true, "raw input needs an element type: pass --dtype (e.g. --dtype f32)");
  const unsigned width = checked_width(hints.dtype);
  if (bytes.size() % width != 0)
    throw InputError(true, "file is " + std::to_string(bytes.size()) +
                               " bytes, not a whole number of " + std::to_string(width) +
                               "-byte " + hints.dtype + " elements; check --dtype");
  Tensor t;
  t.data = bytes;
  t.itemsize = width;
  t.elements = bytes.size() / width;
  t.dtype = hints.dtype;
  t.descr = "raw";
  t.zvc_width = width;
  if (is_float_name(t.dtype)) t.exponent_byte = width - 1;
  if (!hints.shape.empty()) {
    std::string error;
    auto dims = tio::parse_shape(hints.shape, error);
    if (!dims) throw InputError(true, "--shape " + error);
    uint64_t count = 0;
    if (!tio::element_count(*dims, &count) || count != t.elements)
      throw InputError(true, "--shape " + tio::format_shape(*dims) + " does not hold the " +
                                 std::to_string(t.elements) + " " + hints.dtype +
                                 " elements of the file; check --shape");
    t.has_shape = true;
    t.shape = std::move(*dims);
  }
  return t;
}

}  // namespace

Tensor open_tensor(const std::string& path, std::span<const uint8_t> bytes,
                   const InputHints& hints) {
  if (!hints.raw && (tio::has_npy_magic(bytes) || path.ends_with(".npy"))) return open_npy(bytes, hints);
  return open_raw(bytes, hints);
}

}  // namespace cdma::analyze

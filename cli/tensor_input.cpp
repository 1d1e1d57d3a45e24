#include "tensor_input.hpp"

#include "cdma/cdma.h"
#include "failure.hpp"
#include "tensorio/dtype.hpp"
#include "tensorio/npy.hpp"
#include "tensorio/shape.hpp"

namespace cdma::cli {
namespace {

namespace tio = cdma::tensorio;

std::string width_note(uint64_t itemsize, unsigned width) {
  if (itemsize == width) return "element width " + std::to_string(width);
  return "element width " + std::to_string(width) + " (fallback: ZVC has no " +
         std::to_string(itemsize) + "-byte elements)";
}

TensorInput describe_npy(std::span<const uint8_t> bytes, const std::string& dtype,
                         const std::string& shape) {
  std::string error;
  const auto h = tio::parse_npy_header(bytes, error);
  if (!h || !tio::check_npy_data_size(*h, bytes.size(), error)) throw CliError(kExitData, error);
  if (!shape.empty())
    throw CliError(kExitUsage, "--shape is for raw input; a .npy file records its own shape");
  const std::string descr = h->dtype.structured ? "structured" : "'" + h->dtype.descr + "'";
  TensorInput t;
  t.dtype = tio::dtype_for_npy(h->dtype);
  if (!dtype.empty()) {
    // --dtype can name what the descr cannot ('<V2' written by ml_dtypes is
    // bf16), but never change the element size the file was written with.
    const auto width = tio::dtype_width(dtype);
    if (!width || *width != h->dtype.itemsize)
      throw CliError(kExitUsage, "--dtype " + dtype + " has " + std::to_string(width.value_or(0)) +
                                     "-byte elements but descr " + descr + " has " +
                                     std::to_string(h->dtype.itemsize) + "-byte ones");
    t.dtype = dtype;
  }
  t.prefix_size = h->data_offset;
  t.element_width = tio::zvc_element_width(h->dtype.itemsize);
  // NumPy allows more dimensions (64 in NumPy 2) than a frame records; the
  // shape then stays only in the carried .npy header, which restores it.
  t.has_shape = h->shape.size() <= CDMA_MAX_NDIM;
  if (t.has_shape) t.shape = h->shape;
  t.description = ".npy v" + std::to_string(h->major) + "." + std::to_string(h->minor) +
                  ", descr " + descr + " -> " + (t.dtype.empty() ? "no dtype name" : t.dtype) +
                  ", shape " + tio::format_shape(h->shape) +
                  (h->fortran_order ? ", Fortran order" : ", C order") + ", " +
                  std::to_string(h->data_offset) + "-byte header; " +
                  width_note(h->dtype.itemsize, t.element_width);
  return t;
}

TensorInput describe_raw(std::span<const uint8_t> bytes, const std::string& dtype,
                         const std::string& shape) {
  if (dtype.empty())
    throw CliError(kExitUsage, "raw input needs an element type: pass --dtype (e.g. --dtype f32)");
  const auto width = tio::dtype_width(dtype);
  if (!width)
    throw CliError(kExitUsage, "unknown --dtype " + dtype + " (known: " + tio::dtype_names() + ")");
  if (bytes.size() % *width != 0)
    throw CliError(kExitUsage, "file is " + std::to_string(bytes.size()) +
                                   " bytes, not a whole number of " + std::to_string(*width) +
                                   "-byte " + dtype + " elements; check --dtype");
  TensorInput t;
  t.element_width = *width;
  t.dtype = dtype;
  if (!shape.empty()) {
    std::string error;
    auto dims = tio::parse_shape(shape, error);
    if (!dims) throw CliError(kExitUsage, "--shape " + error);
    if (dims->size() > CDMA_MAX_NDIM)
      throw CliError(kExitUsage, "--shape has " + std::to_string(dims->size()) +
                                     " dimensions; a frame records at most " +
                                     std::to_string(CDMA_MAX_NDIM));
    uint64_t count = 0;
    uint64_t need = 0;
    const bool fits = tio::element_count(*dims, &count) && tio::checked_mul(count, *width, &need);
    if (!fits || need != bytes.size())
      throw CliError(kExitUsage, "--shape " + tio::format_shape(*dims) + " of " + dtype + " needs " +
                                     (fits ? std::to_string(need) : "more than 2^64") +
                                     " bytes but the file has " + std::to_string(bytes.size()));
    t.has_shape = true;
    t.shape = std::move(*dims);
  }
  t.description = "raw " + dtype + (t.has_shape ? ", shape " + tio::format_shape(t.shape) : "") +
                  "; element width " + std::to_string(t.element_width);
  return t;
}

}  // namespace

TensorInput describe_input(const std::string& path, std::span<const uint8_t> bytes,
                           const std::string& dtype, const std::string& shape) {
  if (tio::has_npy_magic(bytes) || path.ends_with(".npy")) return describe_npy(bytes, dtype, shape);
  return describe_raw(bytes, dtype, shape);
}

}  // namespace cdma::cli

#include "tensor_input.hpp"

#include "cdma/cdma.h"
#include "failure.hpp"
#include "tensorio/dtype.hpp"
#include "tensorio/shape.hpp"

namespace cdma::cli {
namespace {

namespace tio = cdma::tensorio;

std::string width_note(uint64_t itemsize, unsigned width) {
  if (itemsize == width) return "element width " + std::to_string(width);
  return "element width " + std::to_string(width) + " (fallback: ZVC has no " +
         std::to_string(itemsize) + "-byte elements)";
}

TensorInput describe_npy(std::span<const uint8_t> head, std::optional<uint64_t> file_size,
                         const std::string& dtype, const std::string& shape) {
  std::string error;
  const auto h = tio::parse_npy_header(head, error);
  if (!h || (file_size && !tio::check_npy_data_size(*h, *file_size, error)))
    throw CliError(kExitData, error);
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
  t.content_size = h->data_size;
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
  t.npy = *h;
  return t;
}

// The errors of a raw input whose size is `size`: a partial element, or a
// size --shape does not describe.
void check_raw_size(const TensorInput& t, uint64_t size) {
  const std::string& dtype = t.raw_dtype;
  if (size % t.element_width != 0)
    throw CliError(kExitUsage, "file is " + std::to_string(size) + " bytes, not a whole number of " +
                                   std::to_string(t.element_width) + "-byte " + dtype +
                                   " elements; check --dtype");
  if (t.has_shape && t.content_size && *t.content_size != size)
    throw CliError(kExitUsage, "--shape " + tio::format_shape(t.shape) + " of " + dtype + " needs " +
                                   std::to_string(*t.content_size) + " bytes but the file has " +
                                   std::to_string(size));
}

TensorInput describe_raw(std::optional<uint64_t> file_size, const std::string& dtype,
                         const std::string& shape) {
  if (dtype.empty())
    throw CliError(kExitUsage, "raw input needs an element type: pass --dtype (e.g. --dtype f32)");
  const auto width = tio::dtype_width(dtype);
  if (!width)
    throw CliError(kExitUsage, "unknown --dtype " + dtype + " (known: " + tio::dtype_names() + ")");
  TensorInput t;
  t.element_width = *width;
  t.dtype = dtype;
  t.raw_dtype = dtype;
  t.content_size = file_size;
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
    if (!tio::element_count(*dims, &count) || !tio::checked_mul(count, *width, &need))
      throw CliError(kExitUsage, "--shape " + tio::format_shape(*dims) + " of " + dtype +
                                     " needs more than 2^64 bytes");
    t.has_shape = true;
    t.shape = std::move(*dims);
    // A pipe's size is unknown until it ends; --shape tells it up front.
    t.content_size = need;
  }
  if (file_size) check_raw_size(t, *file_size);
  t.description = "raw " + dtype + (t.has_shape ? ", shape " + tio::format_shape(t.shape) : "") +
                  "; element width " + std::to_string(t.element_width);
  return t;
}

}  // namespace

TensorInput describe_input(const std::string& path, std::span<const uint8_t> head,
                           std::optional<uint64_t> file_size, const std::string& dtype,
                           const std::string& shape) {
  if (tio::has_npy_magic(head) || path.ends_with(".npy"))
    return describe_npy(head, file_size, dtype, shape);
  return describe_raw(file_size, dtype, shape);
}

void check_total_size(const TensorInput& t, uint64_t total) {
  std::string error;
  if (t.npy) {
    if (!tio::check_npy_data_size(*t.npy, total, error)) throw CliError(kExitData, error);
    return;
  }
  check_raw_size(t, total);
}

}  // namespace cdma::cli

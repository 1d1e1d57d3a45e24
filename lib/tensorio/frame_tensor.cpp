#include "tensorio/frame_tensor.hpp"

#include <algorithm>

#include "tensorio/dtype.hpp"
#include "tensorio/shape.hpp"

namespace cdma::tensorio {
namespace {

std::string bytes_text(uint64_t n) { return std::to_string(n) + (n == 1 ? " byte" : " bytes"); }
std::string elements_text(uint64_t itemsize) { return std::to_string(itemsize) + "-byte elements"; }

// The recorded shape against the content size, given the item size (0 when
// unknown: then the content must still split evenly over the elements).
bool check_shape(std::span<const uint64_t> shape, uint64_t itemsize,
                 std::optional<uint64_t> content_size, std::string& error) {
  uint64_t count = 0;
  uint64_t bytes = 0;
  if (!element_count(shape, &count) || (itemsize && !checked_mul(count, itemsize, &bytes))) {
    error = "shape " + format_shape(shape) + " holds more than 2^64 bytes";
    return false;
  }
  if (!content_size) return true;
  if (itemsize && bytes != *content_size) {
    error = "shape " + format_shape(shape) + " of " + elements_text(itemsize) + " needs " +
            bytes_text(bytes) + " but the frame holds " + bytes_text(*content_size);
    return false;
  }
  if (!itemsize && (count == 0 ? *content_size != 0 : *content_size % count != 0)) {
    error = "shape " + format_shape(shape) + " does not divide the frame's " +
            bytes_text(*content_size) + " into whole elements";
    return false;
  }
  return true;
}

// A prefix that starts with the .npy magic is the header of the file the
// content came from: it must parse, end exactly where the content begins and
// describe the same tensor as the recorded fields.
bool check_npy_prefix(const FrameTensor& f, uint64_t itemsize, TensorLayout& layout,
                      std::string& error) {
  std::string why;
  auto h = parse_npy_header(f.prefix, why);
  if (!h) {
    error = "the file prefix is a damaged .npy header: " + why;
    return false;
  }
  if (h->data_offset != f.prefix.size()) {
    error = "the file prefix holds " + bytes_text(f.prefix.size() - h->data_offset) +
            " after its .npy header";
    return false;
  }
  if (f.content_size && h->data_size != *f.content_size) {
    error = "the .npy header's shape " + format_shape(h->shape) + " needs " +
            bytes_text(h->data_size) + " but the frame holds " + bytes_text(*f.content_size);
    return false;
  }
  if (f.shape && !std::ranges::equal(*f.shape, h->shape)) {
    error = "recorded shape " + format_shape(*f.shape) + " differs from the .npy header's " +
            format_shape(h->shape);
    return false;
  }
  if (itemsize && itemsize != h->dtype.itemsize) {
    error = "recorded dtype '" + std::string(f.dtype) + "' has " + elements_text(itemsize) +
            " but the .npy header has " + elements_text(h->dtype.itemsize);
    return false;
  }
  layout.itemsize = h->dtype.itemsize;
  layout.npy = std::move(h);
  return true;
}

}  // namespace

std::optional<TensorLayout> check_frame_tensor(const FrameTensor& f, std::string& error) {
  TensorLayout layout;
  if (!f.dtype.empty()) {
    const auto itemsize = recorded_dtype_itemsize(f.dtype);
    if (!itemsize) {
      error = "unknown dtype '" + std::string(f.dtype) + "' (known: " + dtype_names() +
              " c64 c128 npy:<NumPy type string>)";
      return std::nullopt;
    }
    layout.itemsize = *itemsize;
  }
  if (has_npy_magic(f.prefix) && !check_npy_prefix(f, layout.itemsize, layout, error))
    return std::nullopt;
  if (f.shape && !check_shape(*f.shape, layout.itemsize, f.content_size, error)) return std::nullopt;
  if (!f.shape && layout.itemsize && f.content_size && *f.content_size % layout.itemsize != 0) {
    error = "the frame's " + bytes_text(*f.content_size) + " are not a whole number of " +
            elements_text(layout.itemsize);
    return std::nullopt;
  }
  return layout;
}

}  // namespace cdma::tensorio

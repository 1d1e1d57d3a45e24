// Whether the tensor a frame header describes is consistent: its recorded
// dtype, shape and file prefix (a .npy header) must all agree with one
// another and with the content size. A frame whose metadata disagrees was
// forged or damaged; a reader that trusted it would hand back an array of
// the wrong shape, or a .npy file NumPy cannot load. The CLI (info, test,
// decompress) and the Python module both ask this one function.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "tensorio/npy.hpp"

namespace cdma::tensorio {

// What a frame header records about its tensor (cdma_frame_info's fields,
// without depending on cdma.h).
struct FrameTensor {
  std::string_view dtype;                         // "" when none is recorded
  std::optional<std::span<const uint64_t>> shape;  // nullopt when none is recorded
  std::optional<uint64_t> content_size;           // nullopt when the frame does not say
  std::span<const uint8_t> prefix;                // the recorded file prefix (may be empty)
};

// The layout the checks established: what a reader needs besides the
// recorded dtype and shape.
struct TensorLayout {
  uint64_t itemsize = 0;          // bytes per element; 0 when nothing says
  std::optional<NpyHeader> npy;   // the prefix, when it is a .npy header
  bool fortran_order() const { return npy && npy->fortran_order; }
};

// nullopt with a one-phrase reason in `error` when the metadata is
// inconsistent: an unknown dtype name, a shape whose element count overflows
// or whose bytes differ from the content size, a content size that is not a
// whole number of elements, or a prefix that starts like a .npy header but is
// not a complete one describing exactly this content.
std::optional<TensorLayout> check_frame_tensor(const FrameTensor& frame, std::string& error);

}  // namespace cdma::tensorio

// What an input is, as far as compression cares: how many leading bytes are
// a file header to carry verbatim (.npy), how wide an element is, the dtype
// and shape to record in the frame, and how many content bytes must follow.
// It is decided from the first bytes alone, so that the rest can stream.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "tensorio/npy.hpp"

namespace cdma::cli {

// Enough leading bytes to hold any .npy header NumPy accepts (its 10000-byte
// limit, the magic, version and length fields), so one peek decides.
inline constexpr size_t kNpyPeekSize = tensorio::kNpyMaxHeaderLen + 64;

struct TensorInput {
  size_t prefix_size = 0;     // bytes before the tensor data; 0 for raw input
  unsigned element_width = 1; // ZVC element width
  std::string dtype;          // cdma dtype name to record; "" for none
  bool has_shape = false;
  std::vector<uint64_t> shape;
  // Content bytes the frame will hold, when known before reading them all:
  // from the .npy header, --shape, or the size of a regular file.
  std::optional<uint64_t> content_size;
  std::string description;    // one line for -v
  // What check_total_size() checks at the end.
  std::optional<tensorio::NpyHeader> npy;
  std::string raw_dtype;      // --dtype of raw input
};

// Describes the input named `path` from `head`, its first bytes (at least
// kNpyPeekSize of them unless the input is shorter). `file_size` is the
// whole input's size when known (a regular file), nullopt for a pipe. A
// .npy is recognised by its magic or its name; anything else is raw and
// needs `dtype`. `dtype` and `shape` are the --dtype and --shape arguments
// ("" when absent). Throws CliError: kExitData for a malformed .npy,
// kExitUsage when the arguments do not fit the input.
TensorInput describe_input(const std::string& path, std::span<const uint8_t> head,
                           std::optional<uint64_t> file_size, const std::string& dtype,
                           const std::string& shape);

// Checks, once the input has ended, that its `total` bytes are what `t`
// requires (the size a .npy header or --shape promises, whole elements).
// Throws CliError with the same messages describe_input() gives a file.
void check_total_size(const TensorInput& t, uint64_t total);

}  // namespace cdma::cli

// What an input file is, as far as compression cares: how many leading bytes
// are a file header to carry verbatim (.npy), how wide an element is, and the
// dtype and shape to record in the frame.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace cdma::cli {

struct TensorInput {
  size_t prefix_size = 0;     // bytes before the tensor data; 0 for raw input
  unsigned element_width = 1; // ZVC element width
  std::string dtype;          // cdma dtype name to record; "" for none
  bool has_shape = false;
  std::vector<uint64_t> shape;
  std::string description;    // one line for -v
};

// Describes `bytes`, the content of `path`. A file is .npy when it starts
// with the .npy magic or is named *.npy; anything else is raw and needs
// `dtype`. `dtype` and `shape` are the --dtype and --shape arguments ("" when
// absent). Throws CliError: kExitData for a malformed .npy, kExitUsage when
// the arguments do not fit the file.
TensorInput describe_input(const std::string& path, std::span<const uint8_t> bytes,
                           const std::string& dtype, const std::string& shape);

}  // namespace cdma::cli

// A tensor as the analysis sees it: where its element bytes are, how wide an
// element is, what type and shape it has and in which order it is stored.
// Built from a whole .npy file, or from a raw file plus --dtype/--shape.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace cdma::analyze {

// A file the analysis cannot read as a tensor. `usage` is true when the
// command line can fix it (a raw file without --dtype, a --shape that does not
// fit), false when the file itself is malformed.
class InputError : public std::runtime_error {
 public:
  InputError(bool usage, const std::string& message)
      : std::runtime_error(message), usage_(usage) {}
  bool usage() const { return usage_; }

 private:
  bool usage_;
};

// What the user said about raw input (and about '<V2'-style .npy types).
struct InputHints {
  // --dtype, "" when absent: the type of raw files, and the name of .npy
  // files whose descr has none ('<V2', '|V1'); .npy files with a name of
  // their own ('<f4' is f32) keep it.
  std::string dtype;
  std::string shape;  // --shape, "" when absent
  // The bytes are raw whatever they begin with or the name ends with (a
  // safetensors tensor, whose name and bytes may mimic a .npy file).
  bool raw = false;
};

struct Tensor {
  std::span<const uint8_t> data;  // the element bytes (a .npy file's header excluded)
  uint64_t itemsize = 1;          // bytes per element as the file defines it
  uint64_t elements = 0;
  std::string dtype;              // cdma name ("f32", "bf16", ...) or "" when none fits
  std::string descr;              // .npy type string, "structured", or "raw"
  bool has_shape = false;
  std::vector<uint64_t> shape;
  bool fortran_order = false;
  // Which byte of an element holds the sign and the high exponent bits, for
  // floating-point types only (the last byte when little-endian, the first
  // when big-endian); nullopt for integers, bools, strings, records.
  std::optional<unsigned> exponent_byte;
  unsigned zvc_width = 1;         // element width the cdma codecs are given
};

// Reads `bytes` (the whole content of `path`) as a .npy file when it has the
// .npy magic or a .npy name (unless hints.raw), otherwise as raw data
// described by `hints`.
// The returned span points into `bytes`. Throws InputError.
Tensor open_tensor(const std::string& path, std::span<const uint8_t> bytes,
                   const InputHints& hints);

}  // namespace cdma::analyze

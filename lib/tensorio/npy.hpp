// Reading the header of a NumPy .npy file (format versions 1.0, 2.0, 3.0):
//
//   "\x93NUMPY" major minor HEADER_LEN header
//
// HEADER_LEN is a little-endian u16 (v1) or u32 (v2, v3); header is a Python
// dict literal {'descr': ..., 'fortran_order': ..., 'shape': (...)} padded
// with spaces and a '\n' so that the data starts aligned (64 bytes for
// current NumPy, 16 for old writers; a reader must not assume either).
// The array data follows immediately and runs to the end of the file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "tensorio/npy_descr.hpp"

namespace cdma::tensorio {

inline constexpr size_t kNpyMagicSize = 6;  // "\x93NUMPY"
// NumPy refuses longer headers from untrusted files (numpy.lib.format
// _MAX_HEADER_SIZE); so do we, so that a hostile file cannot make us parse
// megabytes of literal.
inline constexpr size_t kNpyMaxHeaderLen = 10000;

struct NpyHeader {
  unsigned major = 0;
  unsigned minor = 0;
  NpyDtype dtype;
  bool fortran_order = false;
  std::vector<uint64_t> shape;  // empty for a 0-d array
  uint64_t element_count = 0;   // product of shape (1 for 0-d)
  uint64_t data_size = 0;       // element_count * itemsize: bytes that must follow
  size_t header_len = 0;        // the HEADER_LEN field: dict text and padding
  size_t data_offset = 0;       // magic through padding: where the data starts
};

// True when `bytes` starts with the .npy magic string.
bool has_npy_magic(std::span<const uint8_t> bytes);

// Parses the header at the start of `bytes` (the whole file, or at least its
// first data_offset bytes). Every size is checked before use. On failure
// returns nullopt with a one-phrase reason in `error`.
std::optional<NpyHeader> parse_npy_header(std::span<const uint8_t> bytes, std::string& error);

// True when a file of `file_size` bytes holds exactly the data the header
// promises; otherwise false with the reason (truncated or trailing bytes).
bool check_npy_data_size(const NpyHeader& header, uint64_t file_size, std::string& error);

}  // namespace cdma::tensorio

// safetensors files (https://github.com/huggingface/safetensors): an 8-byte
// little-endian header length N, N bytes of JSON naming each tensor's dtype,
// shape and data_offsets (and an optional "__metadata__" of strings), then the
// tensors' bytes. This reads and validates the header as the format requires,
// so that the CLI can code each tensor with its own element width and a
// reader can find a tensor by name.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cdma::tensorio {

// The reference implementation refuses headers over 100 MB; so do we, before
// reading them.
inline constexpr uint64_t kSafetensorsMaxHeader = 100'000'000;
inline constexpr size_t kSafetensorsLengthSize = 8;

struct SafetensorsTensor {
  std::string name;
  std::string dtype;       // as the file spells it: "BF16"
  std::string cdma_dtype;  // cdma's name for it: "bf16"
  unsigned itemsize = 0;
  std::vector<uint64_t> shape;
  uint64_t begin = 0;  // data_offsets, relative to the end of the header
  uint64_t end = 0;
};

struct SafetensorsLayout {
  uint64_t header_size = 0;                // 8 + N: where the tensor bytes start
  std::vector<SafetensorsTensor> tensors;  // in the order of their bytes in the file
};

// The header length N from the first 8 bytes of a file of `file_size` bytes;
// nullopt with a reason in `error` when the file is shorter than 8 bytes, N
// exceeds kSafetensorsMaxHeader or the header would run past the end.
std::optional<uint64_t> safetensors_header_length(std::span<const uint8_t> head,
                                                  uint64_t file_size, std::string& error);

// Validates `header` (the first 8 + N bytes of a file of `file_size` bytes):
// N as above; the JSON is valid UTF-8 and an object beginning with '{'
// (trailing spaces allowed, as writers pad); "__metadata__", when present,
// maps strings to strings; every other member is a tensor with exactly
// "dtype" (a known name), "shape" (non-negative integers) and
// "data_offsets" ([begin, end], begin <= end); names are unique; shape times
// itemsize equals end - begin; and the tensors' byte ranges, in offset order,
// neither overlap nor leave a gap and end exactly at the end of the file.
// nullopt with a reason naming the tensor in `error` otherwise.
std::optional<SafetensorsLayout> parse_safetensors(std::span<const uint8_t> header,
                                                   uint64_t file_size, std::string& error);

// cdma's dtype name for a safetensors one ("BF16" -> "bf16"); "" if unknown.
std::string_view cdma_dtype_for_safetensors(std::string_view name);

}  // namespace cdma::tensorio

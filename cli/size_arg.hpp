// Sizes and ranges as users type them: "512M", "2G", "1048576", and the
// "OFFSET:LENGTH" of `decompress --range`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cdma::cli {

// "123", "64K", "512M", "2G", "1T", also with "iB" or "B" ("512MiB", "2GB"):
// the multipliers are powers of 1024, as zstd's --memory reads them.
// nullopt with a reason in `error` for anything else or for overflow.
std::optional<uint64_t> parse_size(std::string_view text, std::string& error);

struct ByteRange {
  uint64_t offset = 0;
  uint64_t length = 0;
};

// "OFFSET:LENGTH", each a size as parse_size() reads it.
std::optional<ByteRange> parse_range(std::string_view text, std::string& error);

// "512 MiB", "2 GiB", "4096 bytes": a size back in the units parse_size reads.
std::string format_size(uint64_t bytes);

}  // namespace cdma::cli

// A file mapped read-only, for the commands that jump around in it instead
// of streaming: `cdma info` (walks block headers) and `decompress --range`
// (decodes only some blocks). Pages are read only when touched. If the file
// shrinks meanwhile, touching a lost page raises SIGBUS, which signals.hpp's
// handler turns into a message and exit 2 (its output removed).
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace cdma::cli {

class MappedFile {
 public:
  // Throws CliError (kExitIo): cannot open, not a regular file, cannot map.
  explicit MappedFile(const std::string& path);
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  std::span<const uint8_t> bytes() const { return {data_, size_}; }

 private:
  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace cdma::cli

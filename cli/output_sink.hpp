// Where restored or compressed bytes go, chunk by chunk: standard output, a
// file that appears under its name only once complete (temp_file.hpp), a
// device or FIFO written in place (/dev/null), or nowhere (`cdma test`).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <span>
#include <string>

namespace cdma::cli {

class OutputSink {
 public:
  virtual ~OutputSink() = default;
  // Throws CliError (kExitIo) naming the output and the reason.
  virtual void write(std::span<const uint8_t> data) = 0;
  // Makes the output final (a file: flushed, closed and renamed into place).
  // Until then a failure leaves nothing behind. Throws CliError.
  virtual void finish() {}
  uint64_t written() const { return written_; }

 protected:
  uint64_t written_ = 0;
};

std::unique_ptr<OutputSink> make_stdout_sink();

// A file at `path` with permissions `mode`. `durable`: fsync the file before
// the rename and the directory after it, so that the output survives a crash
// once finish() returns (needed before --rm deletes the input).
std::unique_ptr<OutputSink> make_file_sink(const std::string& path, mode_t mode, bool force,
                                           bool durable);

// Counts bytes and keeps none.
std::unique_ptr<OutputSink> make_null_sink();

// Writes all of `data` to `fd`, retrying short writes. Throws CliError
// (kExitIo) "WHAT: reason".
void write_all(int fd, std::span<const uint8_t> data, const std::string& what);

}  // namespace cdma::cli

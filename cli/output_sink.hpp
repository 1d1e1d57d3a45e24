// Where restored or compressed bytes go, chunk by chunk: standard output, a
// file that appears under its name only once complete (temp_file.hpp), a
// device, FIFO or /proc/self/fd link written in place (/dev/null,
// /dev/stdout), or nowhere (`cdma test`).
#pragma once

#include <sys/stat.h>
#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>

namespace cdma::cli {

// Called by finish() with the path of the complete, closed file before it is
// renamed into place: --rm verifies the output there, so that a failed check
// (it throws) leaves no output and replaces no existing file.
using CommitCheck = std::function<void(const std::string& written)>;

// What an output file gets besides its bytes, as zstd and gzip do: the
// permission bits, and when it is made from a regular file, that file's
// owner (where permitted: only root can give a file away) and its
// access and modification times.
struct OutputMetadata {
  mode_t mode = 0644;
  std::optional<struct stat> source;
};

class OutputSink {
 public:
  virtual ~OutputSink() = default;
  // Throws CliError (kExitIo) naming the output and the reason.
  virtual void write(std::span<const uint8_t> data) = 0;
  // Makes the output final (a file: flushed, closed, given its metadata,
  // checked by `before_commit` when given, and renamed into place). Until
  // then a failure leaves nothing behind. Throws CliError.
  virtual void finish(const CommitCheck& before_commit = nullptr) { (void)before_commit; }
  uint64_t written() const { return written_; }

 protected:
  uint64_t written_ = 0;
};

std::unique_ptr<OutputSink> make_stdout_sink();

// A file at `path` with `metadata`. `durable`: fsync the file before the
// rename and the directory after it, so that the output survives a crash
// once finish() returns (needed before --rm deletes the input). A path that
// resolves to a device, a FIFO or a /proc/self/fd link (fileio.hpp's
// is_special_output) is written in place instead, metadata untouched.
std::unique_ptr<OutputSink> make_file_sink(const std::string& path, const OutputMetadata& metadata,
                                           bool force, bool durable);

// Counts bytes and keeps none.
std::unique_ptr<OutputSink> make_null_sink();

// Writes all of `data` to `fd`, retrying short writes. Throws CliError
// (kExitIo) "WHAT: reason".
void write_all(int fd, std::span<const uint8_t> data, const std::string& what);

}  // namespace cdma::cli

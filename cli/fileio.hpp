// Whole-file reads and all-or-nothing writes. An output file either appears
// complete under its final name or not at all: bytes go to a temporary file
// in the same directory (so that rename() cannot cross filesystems), which
// is renamed into place only after every byte is written, and removed on any
// failure or on SIGINT/SIGTERM/SIGHUP.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace cdma::cli {

struct InputFile {
  std::vector<uint8_t> bytes;
  mode_t mode = 0644;  // permission bits, given to the output as gzip does
};

// Reads a regular file whole. Throws CliError (kExitIo) naming the reason.
InputFile read_file(const std::string& path);

// Throws CliError (kExitUsage) when `path` exists and `force` is false, so
// that a command fails before doing any work.
void refuse_existing(const std::string& path, bool force);

// Throws CliError (kExitUsage) when `output` names the same file as `input`:
// overwriting the input while reading it would destroy it.
void refuse_same_file(const std::string& input, const std::string& output);

// Writes `data` to `path` atomically (see above). Without `force` an
// existing file is never replaced, even one created while we worked.
// Throws CliError (kExitIo, or kExitUsage for an existing file).
void write_file_atomic(const std::string& path, std::span<const uint8_t> data, mode_t mode,
                       bool force);

// Writes all of `data` to stdout. Throws CliError (kExitIo).
void write_stdout(std::span<const uint8_t> data);

// Installs the signal handlers that remove a temporary file left by an
// interrupted write. Call once at start-up.
void install_cleanup_handlers();

}  // namespace cdma::cli

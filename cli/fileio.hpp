// Whole-file reads (for `cdma analyze`, which looks at small tensors) and the
// checks every file-producing command makes before it starts: an output that
// exists, or that is the input itself. Streaming reads and writes live in
// input_stream.hpp and output_sink.hpp.
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

// True when `path` resolves to a device, FIFO or socket (/dev/null, a named
// pipe), or goes through a link on procfs (/dev/stdout -> /proc/self/fd/1,
// whatever file that descriptor is): such outputs are written in place,
// never replaced by a rename.
bool is_special_output(const std::string& path);

// The directory `path` is in: its parent, or "." for a bare name.
std::string parent_dir(const std::string& path);

// N when `path` resolves through /proc/self/fd/N (/dev/stdout, /dev/fd/2)
// to a descriptor of this process; else -1.
int own_descriptor_behind(const std::string& path);

// Throws CliError (kExitUsage) when `path` exists and `force` is false, so
// that a command fails before doing any work. Special outputs pass.
void refuse_existing(const std::string& path, bool force);

// Throws CliError (kExitUsage) when `output` names the same file as `input`:
// overwriting the input while reading it would destroy it.
void refuse_same_file(const std::string& input, const std::string& output);

// Writes `data` to `path` at once: it appears complete under its name or not
// at all (output_sink.hpp's file sink). For small outputs such as a plot.
// Throws CliError (kExitIo, or kExitUsage for an existing file).
void write_file_atomic(const std::string& path, std::span<const uint8_t> data, mode_t mode,
                       bool force);

// Writes a whole report (analyze, bench) to standard output and flushes it.
// Throws CliError (kExitIo) when it cannot.
void write_stdout_text(const std::string& text);

}  // namespace cdma::cli

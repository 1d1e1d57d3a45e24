// Where the output of one input goes, and the steps around the work that
// compress and decompress share: refuse a clash before starting, open the
// output, and with --rm delete the input once the output is verified.
// Failing anywhere leaves no output: the input is all there is.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>

#include "input_stream.hpp"
#include "options.hpp"
#include "output_sink.hpp"

namespace cdma::cli {

struct Target {
  bool to_stdout = false;
  std::string path;  // when !to_stdout
};

// `name` moved into --output-dir, or unchanged. Creates nothing: the
// directory is made by open_target(), once every check has passed.
std::string in_output_dir(const Options& o, const std::string& name);

// -c, or -o, or standard output for standard input, or `derived` (the name
// the command makes from the input's) placed in --output-dir when given.
// `derived` is only called when needed: it may throw for an unusable name.
template <typename Derive>
Target target_for(const Options& o, const std::string& input, Derive derived) {
  if (o.to_stdout) return {true, ""};
  if (!o.output.empty()) return {false, o.output};
  if (input == "-") return {true, ""};
  return {false, in_output_dir(o, derived(input))};
}

// Throws CliError (kExitUsage) for an input that is a symbolic link, unless
// -f: as zstd, links are not followed without it (a link to a FIFO is,
// /dev/stdin). A link followed under --rm is removed, never its target.
void check_input(const Options& o, const std::string& input);

// Throws CliError before any work when the output exists (without -f), is
// the input itself, or cannot be verified for --rm (a device or stdout), or
// when --rm could not delete the input (a read-only directory). `removes`:
// removes_input(o, input), worked out once per input by the caller.
void check_target(const Options& o, const std::string& input, const Target& t, bool removes);

// What the output of `in` keeps of it: a regular file's mode, owner and
// times; for standard input or a FIFO, default_output_mode().
OutputMetadata output_metadata(const InputStream& in);

// The sink for `t`: stdout, or a file that appears only once complete,
// synced to disk first when --rm will delete the input.
std::unique_ptr<OutputSink> open_target(const Options& o, const Target& t,
                                        const OutputMetadata& metadata);

// Whether --rm applies to this input: a regular file (standard input and
// FIFOs have no file to delete, and zstd keeps them too).
bool removes_input(const Options& o, const std::string& input);

// Deletes the input once `output` is in place. When that fails, removes
// `output` again so that the failure leaves the input alone, as every other
// failure does. Throws CliError (kExitIo).
void remove_input(const std::string& input, const std::string& output);

// Permission bits for an output made from standard input: 0666 minus umask,
// what a shell redirection would give.
mode_t default_output_mode();

}  // namespace cdma::cli

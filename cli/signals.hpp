// What a fatal signal does to the work in progress. Every signal whose
// default action ends the process and that can be caught (all of them but
// SIGKILL and SIGSTOP, real-time signals included) runs one handler, which
//  - removes the temporary file being written (temp_file.hpp), so that an
//    interrupted output never appears under its name;
//  - says on stderr what happened to the output: not written, complete (and
//    with --rm, whether the input is still there), or how many bytes a
//    stream such as standard output got before it was cut;
//  - then dies by the same signal, as Unix expects (a shell reports 128+N).
// A signal that was ignored when cdma started (nohup's SIGHUP, SIGINT and
// SIGQUIT of a background job in a script) stays ignored. SIGBUS inside a
// mapped input means the file shrank under us: reported as such, exit 2.
// SIGKILL cannot be caught: the temporary it leaves is recognisable and
// removed by the next run that targets the same output (temp_names.hpp).
//
// The handler reads only fixed buffers and atomics that the functions below
// fill: nothing else is safe inside it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace cdma::cli {

// Installs the handlers, and makes write errors (closed pipe, file size
// limit) come back as errors to report instead of killing the process.
// Call once, before any output is opened.
void install_cleanup_handlers();

// `temp` is being written and becomes `dest` once renamed. Until
// end_temp_output(), a fatal signal unlinks `temp`. temp_renaming(true)
// marks the rename as under way: from then on a missing `temp` means `dest`
// is complete, not that it was never written.
void begin_temp_output(const std::string& temp, const std::string& dest);
void temp_renaming(bool under_way);
void end_temp_output();

// Standard output, a device or a FIFO (`name` as messages show it): what a
// signal cannot take back. The count carries over while the name stays the
// same, since `-c` with several inputs writes one stream.
void begin_stream_output(const std::string& name);
void count_stream_output(uint64_t bytes);

// While alive, --rm will delete `input` (none if empty) once the output is
// complete and verified: a signal after the output is complete says whether
// the input is still there.
class PendingRemoval {
 public:
  explicit PendingRemoval(const std::string& input);
  PendingRemoval(const PendingRemoval&) = delete;
  PendingRemoval& operator=(const PendingRemoval&) = delete;
  ~PendingRemoval();
};

// Bytes [data, data + size) map the input `path`: a SIGBUS there means the
// file was truncated (or could not be read) while mapped.
void begin_mapped_input(const void* data, size_t size, const std::string& path);
void end_mapped_input();

}  // namespace cdma::cli

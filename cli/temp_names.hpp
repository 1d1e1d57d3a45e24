// How temporary files are named, so that one left by a process that could
// not clean up (SIGKILL, a power cut) is recognisable, skipped by -r, and
// removed by the next run that targets the same output:
//
//     DIR/.NAME.PID.XXXXXX.cdma-tmp     for the output DIR/NAME
//
// hidden (leading dot), with the writer's process id and a fixed suffix.
// While it writes, the writer also holds an flock() on the file. A temporary
// is stale, and removed, only when all of these hold: its name has this
// form, it is a regular file owned by the current user, no process with its
// PID exists here, and nobody holds its lock (which also covers a writer in
// another PID namespace or on another NFS client).
#pragma once

#include <string>
#include <string_view>

namespace cdma::cli {

// The mkstemps() template for a temporary of `dest`; its last
// kTempSuffix.size() characters are the fixed suffix.
std::string temp_template(const std::string& dest);
inline constexpr std::string_view kTempSuffix = ".cdma-tmp";

// Whether the last component of `path` is named like a temporary of ours.
bool is_temp_file(const std::string& path);

// Removes the stale temporaries of `dest` (see above). The directory is
// listed once per run, however many outputs go there.
void remove_stale_temps(const std::string& dest);

}  // namespace cdma::cli

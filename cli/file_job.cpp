#include "file_job.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "failure.hpp"
#include "fileio.hpp"

namespace cdma::cli {
namespace {

// Throws when this process could not delete `input` from its directory:
// --rm finds that out before any work, not after the output is written.
// Write and search permission there (EROFS included), and under the sticky
// bit (/tmp) ownership of the file or of the directory.
void check_removable(const std::string& input) {
  const std::string dir = parent_dir(input);
  if (faccessat(AT_FDCWD, dir.c_str(), W_OK | X_OK, AT_EACCESS) != 0)
    throw CliError(kExitIo, "--rm cannot delete the input: directory " + dir + ": " +
                                std::strerror(errno) + "; nothing was written (drop --rm)");
  struct stat d;
  struct stat f;
  const uid_t me = geteuid();
  if (me != 0 && stat(dir.c_str(), &d) == 0 && (d.st_mode & S_ISVTX) &&
      lstat(input.c_str(), &f) == 0 && f.st_uid != me && d.st_uid != me)
    throw CliError(kExitIo, "--rm cannot delete the input: directory " + dir +
                                " is sticky and the file is not yours; nothing was written "
                                "(drop --rm)");
}

}  // namespace

std::string in_output_dir(const Options& o, const std::string& name) {
  if (o.output_dir.empty()) return name;
  return (std::filesystem::path(o.output_dir) / std::filesystem::path(name).filename()).string();
}

void check_input(const Options& o, const std::string& input) {
  if (input == "-" || o.force) return;
  struct stat st;
  if (lstat(input.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) return;
  struct stat target;
  if (stat(input.c_str(), &target) == 0 && S_ISFIFO(target.st_mode)) return;
  throw CliError(kExitUsage, "is a symbolic link, not followed without -f");
}

void check_target(const Options& o, const std::string& input, const Target& t, bool removes) {
  if (t.to_stdout) return;
  if (removes && is_special_output(t.path))
    throw CliError(kExitUsage, "--rm needs an output file to verify before deleting the input, and " +
                                   t.path + " is a device, FIFO or descriptor; drop --rm");
  // The real reason first: an output that is the input cannot be written
  // with or without -f.
  if (input != "-") refuse_same_file(input, t.path);
  refuse_existing(t.path, o.force);
  if (removes) check_removable(input);
}

OutputMetadata output_metadata(const InputStream& in) {
  // Standard input has no name, so nothing to keep (zstd's rule), even when
  // the shell opened a regular file onto it: `cdma -o out <f` as root must
  // not give `out` to f's owner.
  if (in.file_stat() && !in.is_stdin()) return {in.mode(), in.file_stat()};
  return {default_output_mode(), std::nullopt};
}

std::unique_ptr<OutputSink> open_target(const Options& o, const Target& t,
                                        const OutputMetadata& metadata) {
  if (t.to_stdout) return make_stdout_sink();
  if (!o.output_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(o.output_dir, ec);
    if (ec)
      throw CliError(kExitIo, "cannot create --output-dir " + o.output_dir + ": " + ec.message());
  }
  return make_file_sink(t.path, metadata, o.force, o.remove_input);
}

bool removes_input(const Options& o, const std::string& input) {
  struct stat st;
  return o.remove_input && input != "-" && stat(input.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

void remove_input(const std::string& input, const std::string& output) {
  if (unlink(input.c_str()) == 0) return;
  const int err = errno;
  // check_removable() passed, so this is rare (an immutable file, a race).
  unlink(output.c_str());
  throw CliError(kExitIo, std::string("cannot remove the input (") + std::strerror(err) +
                              "), so the output " + output +
                              " was removed again and the input kept");
}

mode_t default_output_mode() {
  const mode_t mask = umask(0);
  umask(mask);
  return 0666 & ~mask;
}

}  // namespace cdma::cli

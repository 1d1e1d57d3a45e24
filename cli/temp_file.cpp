#include "temp_file.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "display.hpp"
#include "failure.hpp"
#include "signals.hpp"
#include "temp_names.hpp"

namespace cdma::cli {
namespace {

[[noreturn]] void fail_errno(int exit_code, const std::string& what) {
  throw CliError(exit_code, what + ": " + std::strerror(errno));
}

[[noreturn]] void fail_exists(const std::string& path) {
  throw CliError(kExitUsage, path + " already exists; use -f to overwrite it");
}

bool exists(const std::string& path) {
  struct stat st;
  return lstat(path.c_str(), &st) == 0;
}

}  // namespace

TempFile::TempFile(const std::string& dest) : dest_(dest), path_(temp_template(dest)) {
  remove_stale_temps(dest);
  fd_ = mkostemps(path_.data(), static_cast<int>(kTempSuffix.size()), O_CLOEXEC);
  if (fd_ < 0) fail_errno(kExitIo, "cannot create a temporary file next to " + dest);
  // Tells another cdma sweeping stale temporaries that this one's writer
  // lives, even from another PID namespace. Best effort: without locks the
  // PID in the name still protects it.
  flock(fd_, LOCK_EX | LOCK_NB);
  begin_temp_output(path_, display_name(dest));
}

TempFile::~TempFile() {
  if (fd_ >= 0) close(fd_);
  // Unlinked before the handler forgets it, and with no rename under way:
  // a signal in between finds it gone and still says dest was not written.
  if (!committed_) {
    temp_renaming(false);
    unlink(path_.c_str());
  }
  end_temp_output();
}

void TempFile::close_checked() {
  const int fd = fd_;
  fd_ = -1;
  if (close(fd) != 0) fail_errno(kExitIo, "cannot write " + dest_);
}

void TempFile::commit(bool force) {
  const char* from = path_.c_str();
  const char* to = dest_.c_str();
  temp_renaming(true);
  if (force) {
    if (rename(from, to) != 0) fail_errno(kExitIo, "cannot rename onto " + dest_);
  } else if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) != 0) {
    if (errno == EEXIST) fail_exists(dest_);
    // Filesystems without RENAME_NOREPLACE: check, then rename. The race
    // window is the one every tool without that flag has.
    if (errno != EINVAL && errno != ENOSYS) fail_errno(kExitIo, "cannot rename onto " + dest_);
    if (exists(dest_)) fail_exists(dest_);
    if (rename(from, to) != 0) fail_errno(kExitIo, "cannot rename onto " + dest_);
  }
  committed_ = true;
}

}  // namespace cdma::cli

#include "temp_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>

#include "failure.hpp"

namespace cdma::cli {
namespace {

// The temporary file being written, for the signal handler. Only a fixed
// buffer and a flag: nothing else is safe to touch inside a handler.
char g_temp_path[4096];
volatile sig_atomic_t g_temp_active = 0;

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

void remove_active_temp_file() {
  if (g_temp_active) unlink(g_temp_path);
}

TempFile::TempFile(const std::string& dest) : dest_(dest), path_(dest + ".tmp.XXXXXX") {
  fd_ = mkostemp(path_.data(), O_CLOEXEC);
  if (fd_ < 0) fail_errno(kExitIo, "cannot create a temporary file next to " + dest);
  if (path_.size() < sizeof g_temp_path) {
    g_temp_active = 0;
    std::memcpy(g_temp_path, path_.c_str(), path_.size() + 1);
    g_temp_active = 1;
  }
}

TempFile::~TempFile() {
  if (fd_ >= 0) close(fd_);
  if (!committed_) unlink(path_.c_str());
  g_temp_active = 0;
}

void TempFile::close_checked() {
  const int fd = fd_;
  fd_ = -1;
  if (close(fd) != 0) fail_errno(kExitIo, "cannot write " + dest_);
}

void TempFile::commit(bool force) {
  const char* from = path_.c_str();
  const char* to = dest_.c_str();
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
  g_temp_active = 0;
}

}  // namespace cdma::cli

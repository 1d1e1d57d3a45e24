#include "fileio.hpp"

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

void on_signal(int sig) {
  if (g_temp_active) unlink(g_temp_path);
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

[[noreturn]] void fail_errno(int exit_code, const std::string& what) {
  throw CliError(exit_code, what + ": " + std::strerror(errno));
}

bool exists(const std::string& path) {
  struct stat st;
  return lstat(path.c_str(), &st) == 0;
}

[[noreturn]] void fail_exists(const std::string& path) {
  throw CliError(kExitUsage, path + " already exists; use -f to overwrite it");
}

void write_all(int fd, std::span<const uint8_t> data, const std::string& what) {
  size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail_errno(kExitIo, what);
    }
    done += static_cast<size_t>(n);
  }
}

// A temporary file next to its destination that removes itself unless
// commit() renamed it into place.
class TempFile {
 public:
  explicit TempFile(const std::string& dest) : path_(dest + ".tmp.XXXXXX") {
    fd_ = mkstemp(path_.data());
    if (fd_ < 0) fail_errno(kExitIo, "cannot create a temporary file next to " + dest);
    if (path_.size() < sizeof g_temp_path) {
      g_temp_active = 0;
      std::memcpy(g_temp_path, path_.c_str(), path_.size() + 1);
      g_temp_active = 1;
    }
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    if (fd_ >= 0) close(fd_);
    if (!committed_) unlink(path_.c_str());
    g_temp_active = 0;
  }

  int fd() const { return fd_; }

  void close_checked(const std::string& dest) {
    const int fd = fd_;
    fd_ = -1;
    // close() is where some filesystems (NFS) report a failed write.
    if (close(fd) != 0) fail_errno(kExitIo, "cannot write " + dest);
  }

  void commit(const std::string& dest, bool force) {
    if (force) {
      if (rename(path_.c_str(), dest.c_str()) != 0) fail_errno(kExitIo, "cannot rename onto " + dest);
    } else if (renameat2(AT_FDCWD, path_.c_str(), AT_FDCWD, dest.c_str(), RENAME_NOREPLACE) != 0) {
      if (errno == EEXIST) fail_exists(dest);
      // Filesystems without RENAME_NOREPLACE: check, then rename. The race
      // window is the one every tool without that flag has.
      if (errno != EINVAL && errno != ENOSYS) fail_errno(kExitIo, "cannot rename onto " + dest);
      if (exists(dest)) fail_exists(dest);
      if (rename(path_.c_str(), dest.c_str()) != 0) fail_errno(kExitIo, "cannot rename onto " + dest);
    }
    committed_ = true;
  }

 private:
  std::string path_;
  int fd_ = -1;
  bool committed_ = false;
};

}  // namespace

InputFile read_file(const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) fail_errno(kExitIo, "cannot open");
  struct Closer {
    int fd;
    ~Closer() { close(fd); }
  } closer{fd};
  struct stat st;
  if (fstat(fd, &st) != 0) fail_errno(kExitIo, "cannot stat");
  if (!S_ISREG(st.st_mode)) throw CliError(kExitIo, "not a regular file");
  InputFile in;
  in.mode = st.st_mode & 0777;
  // One spare byte: reaching it means the file grew since fstat(), and we
  // keep reading to EOF rather than return a silently cut copy.
  in.bytes.resize(static_cast<size_t>(st.st_size) + 1);
  size_t done = 0;
  while (true) {
    if (done == in.bytes.size()) in.bytes.resize(done * 2);
    const ssize_t n = read(fd, in.bytes.data() + done, in.bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail_errno(kExitIo, "cannot read");
    }
    if (n == 0) break;
    done += static_cast<size_t>(n);
  }
  in.bytes.resize(done);
  return in;
}

void refuse_existing(const std::string& path, bool force) {
  if (!force && exists(path)) fail_exists(path);
}

void refuse_same_file(const std::string& input, const std::string& output) {
  struct stat a;
  struct stat b;
  if (stat(input.c_str(), &a) == 0 && stat(output.c_str(), &b) == 0 && a.st_dev == b.st_dev &&
      a.st_ino == b.st_ino)
    throw CliError(kExitUsage, "output " + output + " is the input file itself");
}

void write_file_atomic(const std::string& path, std::span<const uint8_t> data, mode_t mode,
                       bool force) {
  TempFile tmp(path);
  write_all(tmp.fd(), data, "cannot write " + path);
  // mkstemp() creates the file 0600; give the output the input's permissions.
  if (fchmod(tmp.fd(), mode) != 0) fail_errno(kExitIo, "cannot set permissions of " + path);
  tmp.close_checked(path);
  tmp.commit(path, force);
}

void write_stdout(std::span<const uint8_t> data) {
  write_all(STDOUT_FILENO, data, "cannot write to standard output");
}

void install_cleanup_handlers() {
  for (const int sig : {SIGINT, SIGTERM, SIGHUP}) std::signal(sig, on_signal);
  // A closed pipe (cdma ... -c | head) must surface as a write error we
  // report, not as a silent death by SIGPIPE.
  std::signal(SIGPIPE, SIG_IGN);
}

}  // namespace cdma::cli

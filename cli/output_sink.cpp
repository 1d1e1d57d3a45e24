#include "output_sink.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "display.hpp"
#include "failure.hpp"
#include "fileio.hpp"
#include "signals.hpp"
#include "temp_file.hpp"

namespace cdma::cli {
namespace {

[[noreturn]] void fail_errno(const std::string& what) {
  throw CliError(kExitIo, what + ": " + std::strerror(errno));
}

class StdoutSink final : public OutputSink {
 public:
  StdoutSink() { begin_stream_output("standard output"); }
  void write(std::span<const uint8_t> data) override {
    write_all(STDOUT_FILENO, data, "cannot write to standard output");
    written_ += data.size();
    count_stream_output(data.size());
  }
};

class NullSink final : public OutputSink {
 public:
  void write(std::span<const uint8_t> data) override { written_ += data.size(); }
};

// A device, FIFO or /proc/self/fd link: written in place, as zstd does; a
// rename onto it would replace the device node or the link (/dev/stdout)
// with a regular file, and the data would not go where the user sent it.
class SpecialFileSink final : public OutputSink {
 public:
  explicit SpecialFileSink(const std::string& path) : path_(path) {
    const int own = own_descriptor_behind(path);
    // One of our own descriptors (-o /dev/stdout): write through it, at its
    // offset and in its mode (>> appends), exactly as -c would.
    fd_ = own >= 0 ? fcntl(own, F_DUPFD_CLOEXEC, 0) : open(path.c_str(), open_flags(path));
    if (fd_ < 0) fail_errno("cannot open " + path);
    begin_stream_output(display_name(path));
  }
  ~SpecialFileSink() override {
    if (fd_ >= 0) close(fd_);
  }
  void write(std::span<const uint8_t> data) override {
    write_all(fd_, data, "cannot write " + path_);
    written_ += data.size();
    count_stream_output(data.size());
  }
  void finish(const CommitCheck&) override {
    const int fd = fd_;
    fd_ = -1;
    if (close(fd) != 0) fail_errno("cannot write " + path_);
  }

 private:
  // A regular file reached through another process's /proc/PID/fd link is
  // rewritten from the start, as a shell's > would; devices and FIFOs
  // ignore O_TRUNC, but it is kept off them all the same.
  static int open_flags(const std::string& path) {
    struct stat st;
    const bool regular = stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
    return O_WRONLY | O_CLOEXEC | (regular ? O_TRUNC : 0);
  }

  std::string path_;
  int fd_ = -1;
};

class FileSink final : public OutputSink {
 public:
  FileSink(const std::string& path, const OutputMetadata& metadata, bool force, bool durable)
      : path_(path), metadata_(metadata), force_(force), durable_(durable), tmp_(path) {}
  void write(std::span<const uint8_t> data) override {
    write_all(tmp_.fd(), data, "cannot write " + path_);
    written_ += data.size();
  }
  void finish(const CommitCheck& before_commit) override {
    keep_owner();
    // mkstemp() creates the file 0600; give the output the input's permissions.
    if (fchmod(tmp_.fd(), metadata_.mode) != 0) fail_errno("cannot set permissions of " + path_);
    if (durable_ && fsync(tmp_.fd()) != 0) fail_errno("cannot write " + path_);
    tmp_.close_checked();
    if (before_commit) before_commit(tmp_.path());
    // Times last: reading the file back to verify it may have moved its atime.
    keep_times();
    tmp_.commit(force_);
    if (durable_) sync_directory();
  }

 private:
  // Only root can give a file away; a user in the input's group can still
  // keep the group. Neither failing is an error (zstd and gzip ignore it):
  // the file is then the user's, as a copy would be.
  void keep_owner() {
    if (!metadata_.source) return;
    const struct stat& s = *metadata_.source;
    [[maybe_unused]] const bool kept = fchown(tmp_.fd(), s.st_uid, s.st_gid) == 0 ||
                                       fchown(tmp_.fd(), static_cast<uid_t>(-1), s.st_gid) == 0;
  }

  void keep_times() {
    if (!metadata_.source) return;
    const struct timespec times[2] = {metadata_.source->st_atim, metadata_.source->st_mtim};
    if (utimensat(AT_FDCWD, tmp_.path().c_str(), times, 0) != 0)
      fail_errno("cannot set the times of " + path_);
  }

  // The rename is only durable once the directory entry is on disk.
  void sync_directory() {
    const std::string dir = parent_dir(path_);
    const int fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) fail_errno("cannot open directory " + dir);
    const int rc = fsync(fd);
    const int err = errno;
    close(fd);
    errno = err;
    // Some filesystems cannot fsync a directory (EINVAL); the data is safe.
    if (rc != 0 && errno != EINVAL) fail_errno("cannot sync directory " + dir);
  }

  std::string path_;
  OutputMetadata metadata_;
  bool force_;
  bool durable_;
  TempFile tmp_;
};

}  // namespace

void write_all(int fd, std::span<const uint8_t> data, const std::string& what) {
  size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail_errno(what);
    }
    done += static_cast<size_t>(n);
  }
}

std::unique_ptr<OutputSink> make_stdout_sink() { return std::make_unique<StdoutSink>(); }

std::unique_ptr<OutputSink> make_file_sink(const std::string& path, const OutputMetadata& metadata,
                                           bool force, bool durable) {
  if (is_special_output(path)) return std::make_unique<SpecialFileSink>(path);
  return std::make_unique<FileSink>(path, metadata, force, durable);
}

std::unique_ptr<OutputSink> make_null_sink() { return std::make_unique<NullSink>(); }

}  // namespace cdma::cli

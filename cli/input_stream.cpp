#include "input_stream.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "failure.hpp"

namespace cdma::cli {

InputStream::InputStream(const std::string& path) : buf_(kChunkSize) {
  is_stdin_ = path == "-";
  fd_ = is_stdin_ ? STDIN_FILENO : open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) throw CliError(kExitIo, std::string("cannot open: ") + std::strerror(errno));
  struct stat st;
  if (fstat(fd_, &st) != 0) throw CliError(kExitIo, std::string("cannot stat: ") + std::strerror(errno));
  if (S_ISREG(st.st_mode)) {
    size_ = static_cast<uint64_t>(st.st_size);
    mode_ = st.st_mode & 0777;
    // Tell the kernel we read front to back, so it reads ahead further.
    posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
  } else if (!is_stdin_) {
    const bool dir = S_ISDIR(st.st_mode);
    close(fd_);
    fd_ = -1;
    throw CliError(kExitIo, dir ? "not a regular file but a directory (pass -r to recurse into it)"
                                : "not a regular file");
  }
}

InputStream::~InputStream() {
  if (fd_ >= 0 && !is_stdin_) close(fd_);
}

void InputStream::set_chunk_size(size_t bytes) {
  if (bytes > buf_.size()) buf_.resize(bytes);  // the buffered bytes stay where they are
}

bool InputStream::fill(size_t n) {
  while (end_ - begin_ < n && !eof_) {
    // Move the unconsumed tail to the front before reading behind it, and
    // grow only for a request bigger than a chunk (a large header).
    if (begin_ == end_) {
      begin_ = end_ = 0;
    } else if (buf_.size() - begin_ < n || end_ == buf_.size()) {
      std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
      end_ -= begin_;
      begin_ = 0;
    }
    if (buf_.size() < n) buf_.resize(n);
    const ssize_t got = read(fd_, buf_.data() + end_, buf_.size() - end_);
    if (got < 0) {
      if (errno == EINTR) continue;
      throw CliError(kExitIo, std::string("cannot read: ") + std::strerror(errno));
    }
    if (got == 0) eof_ = true;
    end_ += static_cast<size_t>(got);
    read_ += static_cast<uint64_t>(got);
  }
  return end_ - begin_ >= n;
}

}  // namespace cdma::cli

#include "input_stream.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <mutex>
#include <thread>
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
    stat_ = st;
    // Tell the kernel we read front to back, so it reads ahead further.
    posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
  } else if (!is_stdin_ && !S_ISFIFO(st.st_mode)) {
    const bool dir = S_ISDIR(st.st_mode);
    close(fd_);
    fd_ = -1;
    throw CliError(kExitIo, dir ? "not a regular file but a directory (pass -r to recurse into it)"
                                : "not a regular file");
  }
}

// The prefetcher: one chunk in flight at a time. `want` asks for a chunk,
// `ready` says it is in `buf` (with `size`, `eof`, `error` set).
struct InputStream::ReadAhead {
  std::thread thread;
  std::mutex mu;
  std::condition_variable cv;
  std::vector<uint8_t> buf;
  size_t size = 0;
  int error = 0;
  bool want = false, ready = false, eof = false, stop = false;

  void run(int fd) {
    for (;;) {
      std::unique_lock<std::mutex> lock(mu);
      cv.wait(lock, [&] { return want || stop; });
      if (stop) return;
      lock.unlock();
      size_t got = 0;
      int err = 0;
      bool end = false;
      while (got < buf.size()) {
        const ssize_t r = read(fd, buf.data() + got, buf.size() - got);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) err = errno;
        if (r <= 0) {
          end = r == 0;
          break;
        }
        got += static_cast<size_t>(r);
      }
      lock.lock();
      size = got, error = err, eof = end, want = false, ready = true;
      cv.notify_all();
    }
  }
};

InputStream::~InputStream() {
  if (ahead_) {
    {
      std::lock_guard<std::mutex> lock(ahead_->mu);
      ahead_->stop = true;
    }
    ahead_->cv.notify_all();
    ahead_->thread.join();  // a regular file's read() always returns
  }
  if (fd_ >= 0 && !is_stdin_) close(fd_);
}

void InputStream::enable_read_ahead() {
  if (ahead_ || is_stdin_ || !size_ || eof_) return;
  ahead_ = std::make_unique<ReadAhead>();
  ahead_->buf.resize(buf_.size());
  ahead_->want = true;
  ahead_->thread = std::thread([this] { ahead_->run(fd_); });
}

bool InputStream::take_read_ahead() {
  ReadAhead& a = *ahead_;
  std::unique_lock<std::mutex> lock(a.mu);
  a.cv.wait(lock, [&] { return a.ready; });
  if (a.error != 0) throw CliError(kExitIo, std::string("cannot read: ") + std::strerror(a.error));
  if (begin_ == end_) {
    // The usual case: everything was consumed, so the buffers swap.
    std::swap(buf_, a.buf);
    begin_ = 0;
    end_ = a.size;
    if (a.buf.size() < buf_.size()) a.buf.resize(buf_.size());
  } else {
    std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
    if (buf_.size() < end_ + a.size) buf_.resize(end_ + a.size);
    std::memcpy(buf_.data() + end_, a.buf.data(), a.size);
    end_ += a.size;
  }
  read_ += a.size;
  a.ready = false;
  if (a.eof || a.size == 0) {
    eof_ = true;
  } else {
    a.want = true;
    a.cv.notify_all();
  }
  return !eof_ || a.size != 0;
}

void InputStream::set_chunk_size(size_t bytes) {
  if (bytes > buf_.size()) buf_.resize(bytes);  // the buffered bytes stay where they are
}

bool InputStream::fill(size_t n) {
  while (ahead_ && end_ - begin_ < n && !eof_) take_read_ahead();
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

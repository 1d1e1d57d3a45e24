#include "input_stream.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <algorithm>
#include <cstring>

#include "failure.hpp"

namespace cdma::cli {

// What is read before the chunk size is known: enough for any header the
// commands peek at first; the buffer grows when streaming starts.
constexpr size_t kFirstRead = size_t{64} << 10;

InputStream::InputStream(const std::string& path) : buf_(kFirstRead) {
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

namespace {

// Reads up to `len` bytes into dst: from the file's position, or with pread()
// at `offset` when it is set. Stops short only at the end (`end` set) or on
// an error (`err` set, errno's value).
size_t read_full(int fd, uint8_t* dst, size_t len, std::optional<uint64_t> offset, bool& end, int& err) {
  size_t got = 0;
  end = false;
  err = 0;
  while (got < len) {
    const ssize_t r = offset ? pread(fd, dst + got, len - got, static_cast<off_t>(*offset + got))
                             : read(fd, dst + got, len - got);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) err = errno;
    if (r <= 0) {
      end = r == 0;
      break;
    }
    got += static_cast<size_t>(r);
  }
  return got;
}

}  // namespace

// The reading thread: one read in flight at a time. `want` asks for up to
// `len` bytes at `dst` (from the file's position, or at `offset` when set);
// `ready` says they are there (with `size`, `eof`, `error` set).
struct InputStream::ReadAhead {
  std::thread thread;
  std::mutex mu;
  std::condition_variable cv;
  IoBuffer buf;  // the prefetched chunk, at buf + `at` (not used by split reads)
  size_t at = 0, len = 0;
  uint8_t* dst = nullptr;
  std::optional<uint64_t> offset;
  size_t size = 0;
  int error = 0;
  bool want = false, ready = false, eof = false, stop = false;

  void run(int fd) {
    for (;;) {
      std::unique_lock<std::mutex> lock(mu);
      cv.wait(lock, [&] { return want || stop; });
      if (stop) return;
      lock.unlock();
      bool end = false;
      int err = 0;
      const size_t got = read_full(fd, dst, len, offset, end, err);
      lock.lock();
      size = got, error = err, eof = end, want = false, ready = true;
      cv.notify_all();
    }
  }

  // Asks for the next chunk (the thread is idle: ready was just taken).
  void request(size_t headroom, size_t chunk) {
    buf.grow(headroom + chunk, 0);
    at = headroom;
    len = chunk;
    dst = buf.data() + at;
    offset.reset();
    want = true;
    cv.notify_all();
  }

  // Asks for `bytes` at `to`, read from file offset `from`.
  void request_at(uint8_t* to, size_t bytes, uint64_t from) {
    std::lock_guard<std::mutex> lock(mu);
    dst = to;
    len = bytes;
    offset = from;
    want = true;
    cv.notify_all();
  }

  // Waits for the read asked for; then the thread is idle again.
  void wait() {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [&] { return ready; });
    ready = false;
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

void InputStream::enable_read_ahead(bool split) {
  if (!can_read_ahead()) return;
  ahead_ = std::make_unique<ReadAhead>();
  split_ = split;
  if (split) {
    // Only pread() from now on: everything read so far came from offset 0 on.
    offset_ = read_;
    buf_.grow(headroom_ + chunk_, end_);
  } else {
    ahead_->request(headroom_, chunk_);
  }
  ahead_->thread = std::thread([this] { ahead_->run(fd_); });
}

void InputStream::read_split() {
  ReadAhead& a = *ahead_;
  // The unconsumed tail (part of a block) goes to the front, the chunk
  // right behind it, its second half read by the thread meanwhile.
  const size_t tail = end_ - begin_;
  if (begin_ != 0) {
    std::memmove(buf_.data(), buf_.data() + begin_, tail);
    begin_ = 0;
    end_ = tail;
  }
  buf_.grow(end_ + chunk_, end_);
  const size_t half = chunk_ / 2;
  a.request_at(buf_.data() + end_ + half, chunk_ - half, offset_ + half);
  bool end = false;
  int err = 0;
  const size_t got = read_full(fd_, buf_.data() + end_, half, offset_, end, err);
  a.wait();  // before anything is thrown: the thread writes into buf_
  if (err == 0) err = got == half ? a.error : 0;
  if (err != 0) throw CliError(kExitIo, std::string("cannot read: ") + std::strerror(err));
  // A short first half is the end of the file, as a short read() would be;
  // whatever was read behind it came from a file that changed meanwhile.
  const size_t total = got + (got == half ? a.size : 0);
  eof_ = total < chunk_;
  end_ += total;
  read_ += total;
  offset_ += total;
}

bool InputStream::take_read_ahead() {
  ReadAhead& a = *ahead_;
  std::unique_lock<std::mutex> lock(a.mu);
  a.cv.wait(lock, [&] { return a.ready; });
  if (a.error != 0) throw CliError(kExitIo, std::string("cannot read: ") + std::strerror(a.error));
  const size_t tail = end_ - begin_;
  if (tail <= a.at) {
    // The usual case: what is left (nothing, or part of a block) goes in
    // front of the new chunk, and the buffers swap.
    if (tail) std::memcpy(a.buf.data() + a.at - tail, buf_.data() + begin_, tail);
    buf_.swap(a.buf);
    begin_ = a.at - tail;
    end_ = a.at + a.size;
  } else {
    std::memmove(buf_.data(), buf_.data() + begin_, tail);
    begin_ = 0;
    end_ = tail;
    buf_.grow(end_ + a.size, end_);
    std::memcpy(buf_.data() + end_, a.buf.data() + a.at, a.size);
    end_ += a.size;
  }
  read_ += a.size;
  a.ready = false;
  if (a.eof || a.size == 0) {
    eof_ = true;
  } else {
    a.request(headroom_, chunk_);
  }
  return !eof_ || a.size != 0;
}

void InputStream::set_chunk_size(size_t bytes, size_t keep) {
  chunk_ = std::max(bytes, kChunkSize);
  headroom_ = std::min(keep, chunk_ / 2);
  // The buffered bytes stay where they are.
  if (!ahead_) buf_.grow(chunk_, end_);
}

bool InputStream::fill(size_t n) {
  while (ahead_ && end_ - begin_ < n && !eof_) {
    if (split_)
      read_split();
    else
      take_read_ahead();
  }
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
    if (buf_.size() < n) buf_.grow(n, end_);
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

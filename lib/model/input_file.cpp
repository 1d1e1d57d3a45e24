#include "model/input_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "model/errors.hpp"
#include "model/text.hpp"

namespace cdma::model {
namespace {

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

std::string size_text(uint64_t bytes) {
  if (bytes >= (uint64_t{1} << 30) && bytes % (uint64_t{1} << 30) == 0)
    return std::to_string(bytes >> 30) + " GiB";
  if (bytes >= (uint64_t{1} << 20) && bytes % (uint64_t{1} << 20) == 0)
    return std::to_string(bytes >> 20) + " MiB";
  return std::to_string(bytes) + " bytes";
}

}  // namespace

std::string read_input_file(const std::string& path, uint64_t max_bytes, const std::string& what) {
  const std::string name = printable(path);
  // O_NONBLOCK: opening a FIFO must not wait for a writer before we can
  // refuse it. It has no effect on reading a regular file.
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
  if (fd.get() < 0)
    throw ModelError(ErrorKind::io, name + ": cannot open the " + what + ": " + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0)
    throw ModelError(ErrorKind::io, name + ": cannot stat the " + what + ": " + std::strerror(errno));
  if (!S_ISREG(st.st_mode))
    throw ModelError(ErrorKind::usage, name + ": the " + what + " is not a regular file");
  const uint64_t size = static_cast<uint64_t>(st.st_size);
  const std::string too_big =
      name + ": the " + what + " is larger than the limit of " + size_text(max_bytes);
  if (size > max_bytes) throw ModelError(ErrorKind::data, too_big);
  std::string bytes(static_cast<size_t>(size), '\0');
  size_t have = 0;
  // Read to end of file, not to the size fstat gave: a file that grows
  // while it is read is caught by the limit, one that shrinks is not padded.
  for (;;) {
    if (have == bytes.size()) {
      if (bytes.size() >= max_bytes) {
        char probe;
        const ssize_t n = ::read(fd.get(), &probe, 1);
        if (n == 0) break;
        if (n > 0) throw ModelError(ErrorKind::data, too_big);
        if (errno == EINTR) continue;
        throw ModelError(ErrorKind::io, name + ": cannot read the " + what + ": " + std::strerror(errno));
      }
      bytes.resize(std::min<uint64_t>(max_bytes, bytes.size() + 65536));
    }
    const ssize_t n = ::read(fd.get(), bytes.data() + have, bytes.size() - have);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      throw ModelError(ErrorKind::io, name + ": cannot read the " + what + ": " + std::strerror(errno));
    }
    have += static_cast<size_t>(n);
  }
  bytes.resize(have);
  return bytes;
}

}  // namespace cdma::model

#include "mapped_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "display.hpp"
#include "failure.hpp"
#include "signals.hpp"

namespace cdma::cli {

MappedFile::MappedFile(const std::string& path) {
  if (path == "-")
    throw CliError(kExitUsage, "needs a file it can seek in, not standard input");
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw CliError(kExitIo, std::string("cannot open: ") + std::strerror(errno));
  struct stat st;
  const bool ok = fstat(fd, &st) == 0;
  const int err = errno;
  if (!ok || !S_ISREG(st.st_mode)) {
    close(fd);
    if (!ok) throw CliError(kExitIo, std::string("cannot stat: ") + std::strerror(err));
    throw CliError(kExitIo, S_ISDIR(st.st_mode)
                                ? "not a regular file but a directory (pass -r to recurse into it)"
                                : "not a regular file");
  }
  size_ = static_cast<size_t>(st.st_size);
  if (size_ > 0) {
    void* p = mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED) {
      const int e = errno;
      close(fd);
      throw CliError(kExitIo, std::string("cannot map: ") + std::strerror(e));
    }
    data_ = static_cast<const uint8_t*>(p);
    // Truncating the file now would turn a read of the lost pages into
    // SIGBUS: the handler reports it as this file's fault (exit 2).
    begin_mapped_input(data_, size_, display_name(path));
  }
  close(fd);  // the mapping stays valid without the descriptor
}

MappedFile::~MappedFile() {
  if (!data_) return;
  end_mapped_input();
  munmap(const_cast<uint8_t*>(data_), size_);
}

}  // namespace cdma::cli

// A temporary file next to its destination, renamed into place by commit()
// and removed otherwise, also by a fatal signal (signals.hpp). Being in the
// destination's directory, the rename cannot cross filesystems and is
// atomic. Its name, and the sweep of stale ones, are temp_names.hpp's.
#pragma once

#include <string>

namespace cdma::cli {

class TempFile {
 public:
  // Throws CliError (kExitIo) when the directory does not take a new file.
  explicit TempFile(const std::string& dest);
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile();

  int fd() const { return fd_; }
  // Where the bytes are until commit(): what --rm verifies before the rename.
  const std::string& path() const { return path_; }

  // Closes the file, reporting the errors some filesystems (NFS) only
  // report at close(). Throws CliError (kExitIo).
  void close_checked();

  // Renames the closed file onto its destination; without `force` an
  // existing file (even one created while we worked) is never replaced.
  // Throws CliError (kExitUsage for an existing file, else kExitIo).
  void commit(bool force);

 private:
  std::string dest_;
  std::string path_;
  int fd_ = -1;
  bool committed_ = false;
};

}  // namespace cdma::cli

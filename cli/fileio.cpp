#include "fileio.hpp"

#include <fcntl.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "failure.hpp"
#include "output_sink.hpp"

namespace cdma::cli {
namespace {

[[noreturn]] void fail_errno(int exit_code, const std::string& what) {
  throw CliError(exit_code, what + ": " + std::strerror(errno));
}

bool on_procfs(const std::string& dir) {
  struct statfs fs;
  return statfs(dir.c_str(), &fs) == 0 && fs.f_type == PROC_SUPER_MAGIC;
}

// The first path along `path`'s chain of symbolic links whose directory is
// on procfs (/dev/stdout -> /proc/self/fd/1), or "" when there is none. The
// entries there are not files but descriptors' magic links.
std::string procfs_link_on_chain(const std::string& path) {
  std::string p = path;
  for (int hop = 0; hop < 40; ++hop) {  // the kernel gives up after 40 links too
    const std::string dir = parent_dir(p);
    if (on_procfs(dir)) return p;
    char target[PATH_MAX];
    const ssize_t n = readlink(p.c_str(), target, sizeof target);
    if (n <= 0 || static_cast<size_t>(n) == sizeof target) return "";
    p = target[0] == '/' ? std::string(target, n) : dir + "/" + std::string(target, n);
  }
  return "";
}

}  // namespace

std::string parent_dir(const std::string& path) {
  const std::string parent = std::filesystem::path(path).parent_path().string();
  return parent.empty() ? std::string(".") : parent;
}

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

bool is_special_output(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) return true;
  return !procfs_link_on_chain(path).empty();
}

int own_descriptor_behind(const std::string& path) {
  const std::string link = procfs_link_on_chain(path);
  if (link.empty()) return -1;
  char* dir = realpath(parent_dir(link).c_str(), nullptr);
  if (dir == nullptr) return -1;
  const bool own = std::string(dir) == "/proc/" + std::to_string(getpid()) + "/fd";
  std::free(dir);
  const std::string name = std::filesystem::path(link).filename().string();
  const bool number = !name.empty() && name.size() <= 9 &&
                      name.find_first_not_of("0123456789") == std::string::npos;
  if (!own || !number) return -1;
  return std::atoi(name.c_str());
}

void refuse_existing(const std::string& path, bool force) {
  struct stat st;
  if (lstat(path.c_str(), &st) != 0 || is_special_output(path)) return;
  if (S_ISDIR(st.st_mode)) throw CliError(kExitUsage, "output " + path + " is a directory");
  if (!force) throw CliError(kExitUsage, path + " already exists; use -f to overwrite it");
}

void refuse_same_file(const std::string& input, const std::string& output) {
  struct stat a;
  struct stat b;
  if (stat(input.c_str(), &a) == 0 && stat(output.c_str(), &b) == 0 && a.st_dev == b.st_dev &&
      a.st_ino == b.st_ino)
    throw CliError(kExitUsage, "output " + output + " is the input file itself");
}

void write_stdout_text(const std::string& text) {
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0)
    throw CliError(kExitIo, "cannot write to standard output");
}

void write_file_atomic(const std::string& path, std::span<const uint8_t> data, mode_t mode,
                       bool force) {
  const auto sink =
      make_file_sink(path, OutputMetadata{mode, std::nullopt}, force, /*durable=*/false);
  sink->write(data);
  sink->finish();
}

}  // namespace cdma::cli

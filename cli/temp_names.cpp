#include "temp_names.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <charconv>
#include <filesystem>
#include <map>
#include <optional>
#include <vector>

#include "fileio.hpp"

namespace cdma::cli {
namespace {

// mkstemps() replaces exactly six X's.
constexpr size_t kRandomChars = 6;
// Of the output's name, at most this much goes into the temporary's, so
// that the whole stays within NAME_MAX (255) whatever the output's length.
constexpr size_t kMaxNameInTemp = 200;

struct TempName {
  std::string_view output;  // the output's name, cut to kMaxNameInTemp
  pid_t pid;
};

// Parses ".NAME.PID.XXXXXX.cdma-tmp" from its end, so that NAME may hold
// dots and digits.
std::optional<TempName> parse_temp_name(std::string_view name) {
  if (!name.starts_with('.') || !name.ends_with(kTempSuffix)) return std::nullopt;
  name.remove_suffix(kTempSuffix.size());
  if (name.size() < kRandomChars + 1) return std::nullopt;
  for (const char c : name.substr(name.size() - kRandomChars))
    if (!std::isalnum(static_cast<unsigned char>(c))) return std::nullopt;
  name.remove_suffix(kRandomChars);
  if (!name.ends_with('.')) return std::nullopt;
  name.remove_suffix(1);
  const size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return std::nullopt;
  const std::string_view digits = name.substr(dot + 1);
  pid_t pid = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), pid);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || pid <= 0)
    return std::nullopt;
  return TempName{name.substr(1, dot - 1), pid};
}

std::string name_in_temp(const std::string& dest) {
  return std::filesystem::path(dest).filename().string().substr(0, kMaxNameInTemp);
}

// Names in `dir` that look like our temporaries, listed once per directory.
std::vector<std::string>& temp_names_in(const std::string& dir) {
  static std::map<std::string, std::vector<std::string>> listed;
  const auto [it, fresh] = listed.try_emplace(dir);
  if (fresh) {
    if (DIR* d = opendir(dir.c_str())) {
      while (const dirent* e = readdir(d))
        if (parse_temp_name(e->d_name)) it->second.emplace_back(e->d_name);
      closedir(d);
    }
  }
  return it->second;
}

// Removes dir/name when it is a stale temporary of ours (see the header).
// Returns whether it is gone.
bool remove_if_stale(const std::string& dir, const std::string& name, pid_t pid) {
  // EPERM: a live process of another user (the PID was reused).
  if (kill(pid, 0) == 0 || errno != ESRCH) return false;
  const std::string path = dir + "/" + name;
  const int fd = open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) return errno == ENOENT;
  struct stat st;
  bool gone = false;
  if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid() &&
      flock(fd, LOCK_EX | LOCK_NB) == 0)
    gone = unlink(path.c_str()) == 0 || errno == ENOENT;
  close(fd);
  return gone;
}

}  // namespace

std::string temp_template(const std::string& dest) {
  const std::string parent = std::filesystem::path(dest).parent_path().string();
  return (parent.empty() ? std::string() : parent + "/") + "." + name_in_temp(dest) + "." +
         std::to_string(getpid()) + "." + std::string(kRandomChars, 'X') + std::string(kTempSuffix);
}

bool is_temp_file(const std::string& path) {
  return parse_temp_name(std::filesystem::path(path).filename().string()).has_value();
}

void remove_stale_temps(const std::string& dest) {
  const std::string dir = parent_dir(dest);
  const std::string output = name_in_temp(dest);
  std::vector<std::string>& names = temp_names_in(dir);
  std::erase_if(names, [&](const std::string& name) {
    const auto t = parse_temp_name(name);
    return t->output == output && remove_if_stale(dir, name, t->pid);
  });
}

}  // namespace cdma::cli

#include "analyze/walk.hpp"

#include <algorithm>
#include <filesystem>
#include <set>
#include <system_error>

namespace cdma::analyze {
namespace {

namespace fs = std::filesystem;

// "data/" and "data" name the same directory; print it one way.
std::string display_path(const std::string& arg) {
  std::string s = arg;
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}

bool wanted(const fs::path& p, bool include_raw) {
  const std::string ext = p.extension().string();
  return ext == ".npy" || (include_raw && ext == ".bin");
}

class Collector {
 public:
  explicit Collector(bool include_raw) : include_raw_(include_raw) {}

  void add_argument(const std::string& arg) {
    const std::string root = display_path(arg);
    std::error_code ec;
    const fs::file_status st = fs::status(root, ec);
    if (ec || !fs::exists(st)) {
      error(root, "cannot open: " + (ec ? ec.message() : std::string("no such file or directory")));
    } else if (fs::is_directory(st)) {
      add_directory(root);
    } else {
      const std::string parent = fs::path(root).parent_path().string();
      add_file(root, parent.empty() ? "." : parent, {parent.empty() ? "." : parent});
    }
  }

  Walk take() { return std::move(walk_); }

 private:
  void error(const std::string& path, const std::string& message, bool usage = false) {
    walk_.errors.push_back({path, message, usage});
  }

  void add_directory(const std::string& root) {
    std::vector<fs::path> found;
    std::error_code ec;
    fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      std::error_code type_ec;
      if (it->is_regular_file(type_ec) && wanted(it->path(), include_raw_))
        found.push_back(it->path());
    }
    if (ec) error(root, "cannot list the directory: " + ec.message());
    std::sort(found.begin(), found.end());
    if (found.empty() && !ec)
      error(root,
            include_raw_ ? "no .npy or .bin files found"
                         : "no .npy files found (raw .bin files are analysed with --dtype)",
            true);
    for (const fs::path& p : found) {
      // Every directory from the file's own up to the argument.
      std::vector<std::string> groups;
      for (fs::path d = p.parent_path(); ; d = d.parent_path()) {
        groups.push_back(d.string());
        if (d.string().size() <= root.size()) break;
      }
      const std::string directory = groups.front();  // before groups is moved from
      add_file(p.string(), directory, std::move(groups));
    }
  }

  void add_file(const std::string& path, const std::string& directory,
                std::vector<std::string> groups) {
    std::error_code ec;
    const fs::path key = fs::weakly_canonical(path, ec);
    if (!seen_.insert(ec ? fs::path(path) : key).second) return;
    walk_.jobs.push_back({path, directory, std::move(groups), std::nullopt});
  }

  bool include_raw_;
  Walk walk_;
  std::set<fs::path> seen_;
};

}  // namespace

Walk collect_jobs(std::span<const std::string> paths, bool include_raw) {
  Collector c(include_raw);
  for (const std::string& p : paths) c.add_argument(p);
  return c.take();
}

}  // namespace cdma::analyze

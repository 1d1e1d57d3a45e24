#include "inputs.hpp"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "display.hpp"
#include "failure.hpp"

namespace cdma::cli {
namespace {

namespace fs = std::filesystem;

// Regular files under `dir`, not following symlinked directories (a link
// cycle would never end). An unreadable subdirectory is reported and skipped.
bool collect(const std::string& dir, const std::function<bool(const std::string&)>& wanted,
             bool follow_links, std::vector<std::string>& out) {
  std::vector<std::string> found;
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    std::error_code type_ec;
    if (!it->is_regular_file(type_ec)) continue;
    if (!follow_links && it->is_symlink(type_ec)) continue;
    const std::string path = it->path().string();
    if (wanted(path)) found.push_back(path);
  }
  std::sort(found.begin(), found.end());
  out.insert(out.end(), found.begin(), found.end());
  if (ec) print_error(dir, "cannot list: " + ec.message());
  return !ec;
}

}  // namespace

InputList expand_inputs(const std::vector<std::string>& args, bool recursive,
                        const std::function<bool(const std::string&)>& wanted, bool follow_links) {
  InputList list;
  if (args.empty()) list.files.push_back("-");
  for (const std::string& a : args) {
    std::error_code ec;
    if (recursive && a != "-" && fs::is_directory(a, ec)) {
      if (!collect(a, wanted, follow_links, list.files)) list.listing_failed = true;
    } else {
      list.files.push_back(a);
    }
  }
  return list;
}

int for_each_input(const InputList& inputs, const std::function<void(const std::string&)>& job) {
  const int status = for_each_file(inputs.files, job);
  if (status == kExitOk && inputs.listing_failed) return kExitIo;
  return status;
}

bool has_cdma_suffix(const std::string& path) { return path.ends_with(".cdma"); }

}  // namespace cdma::cli

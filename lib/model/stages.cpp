#include "model/stages.hpp"

#include <algorithm>
#include <array>
#include <filesystem>
#include <string_view>

#include "model/errors.hpp"
#include "model/text.hpp"

namespace cdma::model {
namespace fs = std::filesystem;
namespace {

// Training order of the shared corpus's stages; other names sort after them.
size_t stage_rank(std::string_view name) {
  constexpr std::array<std::string_view, 4> kOrder = {"init", "early", "mid", "final"};
  const auto it = std::find(kOrder.begin(), kOrder.end(), name);
  return static_cast<size_t>(it - kOrder.begin());
}

}  // namespace

std::vector<std::string> list_stages(const std::string& dir) {
  const std::string where = printable(dir);
  std::vector<std::string> names;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code type_ec;
    const fs::file_status st = fs::status(it->path(), type_ec);
    if (type_ec)
      throw ModelError(ErrorKind::io, printable(it->path().string()) + ": cannot read: " + type_ec.message());
    if (!fs::is_directory(st)) continue;  // a README or MANIFEST beside the stages
    if (names.size() == kMaxStages)
      throw ModelError(ErrorKind::data, where + ": more than " + std::to_string(kMaxStages) + " stage directories");
    names.push_back(it->path().filename().string());
  }
  if (ec) throw ModelError(ErrorKind::io, where + ": cannot list: " + ec.message());
  if (names.empty()) throw ModelError(ErrorKind::data, where + ": no stage directories (e.g. init, early, mid, final)");
  std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) {
    const size_t ra = stage_rank(a), rb = stage_rank(b);
    return ra != rb ? ra < rb : a < b;
  });
  return names;
}

}  // namespace cdma::model

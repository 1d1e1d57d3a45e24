#include "codec_names.hpp"

#include <climits>

namespace cdma::cli {
namespace {

// The order --help and messages list the codecs in: the default first. The
// names are the library's (cdma_codec_name), and which codecs may be asked
// for is its rule too (cdma_param_check: every id but ZERO, which the
// encoder picks per block).
constexpr cdma_codec kShown[] = {CDMA_CODEC_AUTO, CDMA_CODEC_ZVC, CDMA_CODEC_SPLIT, CDMA_CODEC_ZRLE,
                                 CDMA_CODEC_ZSTD, CDMA_CODEC_LZ4, CDMA_CODEC_STORE};

bool selectable(int id) { return cdma_param_check(CDMA_P_CODEC, id) == 0; }

}  // namespace

std::vector<std::string> selectable_codec_names() {
  std::vector<std::string> names;
  for (const cdma_codec id : kShown)
    if (selectable(id)) names.emplace_back(cdma_codec_name(id));
  return names;
}

std::optional<cdma_codec> codec_from_name(std::string_view name) {
  if (name.find('\0') != std::string_view::npos) return std::nullopt;
  const int id = cdma_codec_from_name(std::string(name).c_str());
  if (id < 0 || !selectable(id)) return std::nullopt;
  return static_cast<cdma_codec>(id);
}

std::string codec_name(uint32_t id) {
  const char* name = id <= INT_MAX ? cdma_codec_name(static_cast<int>(id)) : nullptr;
  return name != nullptr ? name : "unknown (id " + std::to_string(id) + ")";
}

}  // namespace cdma::cli

#include "codec_names.hpp"

namespace cdma::cli {
namespace {

struct CodecName {
  const char* name;
  cdma_codec id;
  bool selectable;  // ZERO is chosen per block by the encoder, never requested
};

constexpr CodecName kCodecs[] = {
    {"auto", CDMA_CODEC_AUTO, true},
    {"zvc", CDMA_CODEC_ZVC, true},
    {"split", CDMA_CODEC_SPLIT, true},
    {"zrle", CDMA_CODEC_ZRLE, true},
    {"zstd", CDMA_CODEC_ZSTD, true},
    {"lz4", CDMA_CODEC_LZ4, true},
    {"store", CDMA_CODEC_STORE, true},
    {"zero", CDMA_CODEC_ZERO, false},
};

}  // namespace

std::vector<std::string> selectable_codec_names() {
  std::vector<std::string> names;
  for (const CodecName& c : kCodecs)
    if (c.selectable) names.emplace_back(c.name);
  return names;
}

std::optional<cdma_codec> codec_from_name(std::string_view name) {
  for (const CodecName& c : kCodecs)
    if (c.selectable && name == c.name) return c.id;
  return std::nullopt;
}

std::string codec_name(uint32_t id) {
  for (const CodecName& c : kCodecs)
    if (static_cast<uint32_t>(c.id) == id) return c.name;
  return "unknown (id " + std::to_string(id) + ")";
}

}  // namespace cdma::cli

// Names of the codec ids the CLI shows and accepts (ids: cdma.h, cdma_codec).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cdma/cdma.h"

namespace cdma::cli {

// Names --codec accepts: the codecs an encoder can be asked for.
std::vector<std::string> selectable_codec_names();

// The codec --codec NAME selects; nullopt for an unknown name.
std::optional<cdma_codec> codec_from_name(std::string_view name);

// "zvc", "store", "zero", "auto", or "unknown (id N)".
std::string codec_name(uint32_t id);

}  // namespace cdma::cli

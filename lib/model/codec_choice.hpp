// A codec the model evaluates: its name (which also picks the engine
// profile), the cdma_codec id to compress dumps with, and the level.
#pragma once

#include <string>

namespace cdma::model {

struct CodecChoice {
  std::string name;  // "zvc", "auto", ...
  int id = 255;      // cdma_codec (CDMA_CODEC_AUTO)
  int level = 0;     // 0: the library default
};

}  // namespace cdma::model

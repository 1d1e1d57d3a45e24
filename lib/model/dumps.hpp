// Layer sizes and compression ratios from a directory of activation dumps
// (.npy, one per offloaded tensor, network order = file-name order). Each
// file's data is compressed for real through the C API, so a ratio is what
// the codec achieves today on that tensor, frame overhead included.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "model/codec_choice.hpp"
#include "model/layer.hpp"

namespace cdma::model {

// The .npy files in `dir`, sorted by name. Throws ModelError: io when the
// directory cannot be read, data when it holds no .npy file.
std::vector<std::string> list_dumps(const std::string& dir);

struct DumpMeasurement {
  uint64_t bytes = 0;                  // array data, header excluded
  std::map<std::string, double> ratio;  // codec name -> data bytes / frame bytes
};

// Compresses the data of one .npy file with each codec (element width from
// the itemsize, no content checksum: a DMA engine would not add one).
// Throws ModelError: io (unreadable), data (malformed .npy, codec error).
DumpMeasurement measure_dump(const std::string& path, const std::vector<CodecChoice>& codecs);

// Gives each layer without `bytes`, in order, the next dump: its size, its
// measured ratios and its file name. The counts must match; throws
// ModelError(data) naming both otherwise.
void fill_from_dumps(std::vector<Layer>& layers, const std::string& dir,
                     const std::vector<CodecChoice>& codecs);

}  // namespace cdma::model

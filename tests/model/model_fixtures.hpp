// Small builders the model tests share: layers with given times, and the
// paper's platform with one field changed.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "model/layer.hpp"
#include "model/platform.hpp"

namespace model_test {

inline cdma::model::Layer layer(const std::string& name, double bytes, double fwd_s, double bwd_s,
                                double ratio = 1.0, cdma::model::LayerKind kind = cdma::model::LayerKind::conv) {
  cdma::model::Layer l;
  l.name = name;
  l.kind = kind;
  l.bytes = static_cast<uint64_t>(bytes);
  l.fwd_s = fwd_s;
  l.bwd_s = bwd_s;
  l.ratio = ratio;
  return l;
}

inline cdma::model::Platform titanxp(const cdma::model::PlatformOverrides& o = {}) {
  return cdma::model::make_platform("titanxp", o);
}

inline cdma::model::CodecChoice zvc() { return {"zvc", 2, 0}; }

// A fresh directory, removed with everything in it at the end of the test.
struct TempDir {
  std::filesystem::path path;
  explicit TempDir(const std::string& tag = "model")
      : path(std::filesystem::temp_directory_path() / ("cdma-" + tag + "-test-" + std::to_string(::getpid()))) {
    std::filesystem::create_directories(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
};

// A .npy v1.0 file of n float32 values, one in `every` non-zero.
inline void write_npy(const std::filesystem::path& path, size_t n, size_t every) {
  std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + std::to_string(n) + ",), }";
  const size_t unpadded = 10 + dict.size() + 1;
  dict += std::string((64 - unpadded % 64) % 64, ' ') + "\n";
  std::string header = "\x93NUMPY";
  header += '\x01';
  header += '\x00';
  header += static_cast<char>(dict.size() & 0xff);
  header += static_cast<char>(dict.size() >> 8);
  header += dict;
  std::vector<float> data(n, 0.0f);
  for (size_t i = 0; i < n; i += every) data[i] = 1.0f + static_cast<float>(i);
  std::ofstream out(path, std::ios::binary);
  out.write(header.data(), static_cast<std::streamsize>(header.size()));
  out.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(n * sizeof(float)));
}

}  // namespace model_test

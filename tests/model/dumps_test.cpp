// Ratios measured on dumps are real compressions: sane on a generated .npy
// with a known density, and on the shared activation corpus when present
// (sanity only: the exact ratios move whenever a codec improves).
#include <catch2/catch.hpp>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "model/dumps.hpp"
#include "model/errors.hpp"
#include "model/model.hpp"

using namespace cdma::model;
namespace fs = std::filesystem;

namespace {

// A .npy v1.0 file of n float32 values, one in four non-zero.
void write_quarter_dense_npy(const fs::path& path, size_t n) {
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
  for (size_t i = 0; i < n; i += 4) data[i] = 1.0f + static_cast<float>(i);
  std::ofstream out(path, std::ios::binary);
  out.write(header.data(), static_cast<std::streamsize>(header.size()));
  out.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(n * sizeof(float)));
}

struct TempDir {
  fs::path path = fs::temp_directory_path() / ("cdma-model-test-" + std::to_string(::getpid()));
  TempDir() { fs::create_directories(path); }
  ~TempDir() { fs::remove_all(path); }
};

}  // namespace

TEST_CASE("a generated dump: bytes and a ZVC ratio near 1 / (density + 1/32)", "[model][dumps]") {
  TempDir dir;
  write_quarter_dense_npy(dir.path / "00_a.npy", 65536);
  write_quarter_dense_npy(dir.path / "01_b.npy", 1024);
  std::vector<Layer> layers(3);
  layers[0].name = "input";
  layers[0].bytes = 4;  // given: keeps no dump
  layers[1].name = "a";
  layers[2].name = "b";
  fill_from_dumps(layers, dir.path.string(), {{"zvc", 2, 0}});
  CHECK(*layers[1].bytes == 65536 * 4);
  CHECK(*layers[2].bytes == 1024 * 4);
  CHECK(layers[1].dump == "00_a.npy");
  CHECK(layers[0].measured.empty());
  const double ideal = 1 / (0.25 + 1.0 / 32);  // 3.56: mask bit plus a quarter of the values
  CHECK(ratio_for(layers[1], "zvc") == Approx(ideal).epsilon(0.02));
  CHECK(ratio_for(layers[2], "zvc") > 2.5);  // frame header weighs more on 4 KiB
  CHECK(ratio_for(layers[2], "zvc") < ideal);

  layers.pop_back();  // now 2 files for 1 open layer
  layers[1].bytes.reset();
  CHECK_THROWS_AS(fill_from_dumps(layers, dir.path.string(), {{"zvc", 2, 0}}), ModelError);
  CHECK_THROWS_AS(list_dumps((dir.path / "missing").string()), ModelError);
}

TEST_CASE("the shared VGG dumps: measured ratios and a faster offload", "[model][dumps]") {
  const std::string dumps = CDMA_SHARED_DATA "/vgg/final";
  if (!fs::is_directory(dumps)) {
    WARN("skipped: no " << dumps);
    return;
  }
  ModelRequest q;
  q.layers_file = CDMA_MODEL_DATA "/vgg-fmnist.csv";
  q.dumps_dir = dumps;
  q.codecs = {{"zvc", 2, 0}};
  const ModelReport r = build_model_report(q);
  REQUIRE(r.layers.size() == 12);
  CHECK(*r.layers[1].bytes == 8 * 16 * 32 * 32 * 4);
  for (size_t i = 1; i < r.layers.size(); ++i) {
    INFO(r.layers[i].name);
    CHECK(r.layers[i].measured.count("zvc") == 1);
    CHECK(ratio_for(r.layers[i], "zvc") > 1.1);  // ReLU outputs: 15-68% non-zero
    CHECK(ratio_for(r.layers[i], "zvc") < 32);
  }
  const double plain = r.result.uncompressed().timeline.totals.iteration_s;
  const double cdma = r.result.scenarios[3].timeline.totals.iteration_s;
  CHECK(cdma < plain);
  CHECK(cdma >= r.result.oracle().timeline.totals.iteration_s);
  CHECK(r.result.scenarios[2].timeline.totals.iteration_s == plain);  // cpu zvc
}

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
#include "model_fixtures.hpp"
#include "support/shared_data.hpp"

using namespace cdma::model;
namespace fs = std::filesystem;

using model_test::TempDir;

TEST_CASE("a generated dump: bytes and a ZVC ratio near 1 / (density + 1/32)", "[model][dumps]") {
  TempDir dir;
  model_test::write_npy(dir.path / "00_a.npy", 65536, 4);
  model_test::write_npy(dir.path / "01_b.npy", 1024, 4);
  // Named by moving whole strings in: GCC 12 warns falsely (-Wrestrict) on
  // assigning the short literals here.
  std::vector<Layer> layers(3);
  const std::string names[] = {"input", "a", "b"};
  for (size_t i = 0; i < layers.size(); ++i) layers[i].name = names[i];
  layers[0].bytes = 4;  // given: keeps no dump
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
  const std::string dumps = cdma::test::shared_data("vgg/final").string();
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

// Training stages: one dumps directory per stage, found in training order,
// each measured on the same layers; sparser activations give a higher ratio
// and a larger speed-up.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "model/errors.hpp"
#include "model/model.hpp"
#include "model/stages.hpp"
#include "model_fixtures.hpp"

using namespace cdma::model;
namespace fs = std::filesystem;

using model_test::TempDir;

TEST_CASE("stages are listed in training order, other directories after", "[model][stages]") {
  TempDir dir("stages");
  for (const char* d : {"final", "zz", "early", "init", "mid", "aa"}) fs::create_directory(dir.path / d);
  std::ofstream(dir.path / "README.md") << "not a stage";
  CHECK(list_stages(dir.path.string()) == std::vector<std::string>{"init", "early", "mid", "final", "aa", "zz"});
  fs::create_symlink("loop", dir.path / "loop");
  CHECK_THROWS_AS(list_stages(dir.path.string()), ModelError);
  CHECK_THROWS_AS(list_stages((dir.path / "missing").string()), ModelError);
}

TEST_CASE("a speed-up per stage: sparser activations offload faster", "[model][stages]") {
  TempDir dir("stages");
  // 1 MiB tensors, every value non-zero at init, one in 2 early, one in 16 at the end.
  const std::pair<const char*, size_t> stages[] = {{"init", 1}, {"early", 2}, {"final", 16}};
  for (const auto& [name, every] : stages) {
    fs::create_directory(dir.path / name);
    model_test::write_npy(dir.path / name / "00_a.npy", 262144, every);
    model_test::write_npy(dir.path / name / "01_b.npy", 262144, every);
  }
  std::ofstream(dir.path / "layers.csv") << "name,kind,bytes,fwd_ms\nimg,conv,4096,0.01\na,conv,,0.01\nb,conv,,0.01\nc,fc,4,0.01\n";
  ModelRequest q;
  q.layers_file = (dir.path / "layers.csv").string();
  q.stages_dir = dir.path.string();
  q.codecs = {model_test::zvc()};
  const StagesReport r = build_stages_report(q);
  REQUIRE(r.stages.size() == 3);
  CHECK(r.stages[0].name == "init");
  CHECK(r.stages[2].name == "final");
  auto time = [](const ModelReport& m) { return m.result.scenarios.back().timeline.totals.iteration_s; };
  CHECK(ratio_for(r.stages[0].report.layers[1], "zvc") < ratio_for(r.stages[1].report.layers[1], "zvc"));
  CHECK(ratio_for(r.stages[1].report.layers[1], "zvc") < ratio_for(r.stages[2].report.layers[1], "zvc"));
  CHECK(time(r.stages[0].report) > time(r.stages[1].report));
  CHECK(time(r.stages[1].report) > time(r.stages[2].report));
  q.dumps_dir = dir.path.string();  // --stages replaces --dumps
  CHECK_THROWS_AS(build_stages_report(q), ModelError);
}

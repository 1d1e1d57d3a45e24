// Pins the model's printed output on committed inputs: the six-layer network
// with fixed ratios (data/model/regression.csv) and the synthetic VGG-16
// sweep. Ratios are given, not measured, so codec changes cannot move these
// numbers; a change to an equation, a preset or the format must update the
// .expected files on purpose (regenerate with the commands in their header).
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "model/model.hpp"

using namespace cdma::model;

namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  REQUIRE(in);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("the regression network's report is pinned", "[model][regression]") {
  ModelRequest q;
  q.gpu = "titanxp";
  q.layers_file = CDMA_MODEL_DATA "/regression.csv";
  q.codecs = {{"zvc", 2, 0}};
  ModelReport r = build_model_report(q);
  r.layers_source = "data/model/regression.csv";  // as the CLI test names it
  std::ostringstream out;
  write_model_text(out, r);
  CHECK(out.str() == read_text(CDMA_MODEL_DATA "/regression.expected"));
}

TEST_CASE("the synthetic VGG-16 sweep is pinned", "[model][regression]") {
  ModelRequest q;
  q.codecs = {{"zvc", 2, 0}};
  const SweepReport r = build_sweep_report(q, parse_sweep("ratio=1..16"));
  std::ostringstream out;
  write_sweep_text(out, r);
  CHECK(out.str() == read_text(CDMA_MODEL_DATA "/sweep.expected"));
}

// Layer files: CSV and JSON accept the same fields and give the same layers;
// malformed input fails with the file and line or offset. Sweep specs.
#include <catch2/catch.hpp>

#include "model/errors.hpp"
#include "model/layer_file.hpp"
#include "model/sweep.hpp"

using namespace cdma::model;

namespace {

ErrorKind kind_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const ModelError& e) {
    return e.kind();
  }
  FAIL("no ModelError");
  return ErrorKind::io;
}

}  // namespace

TEST_CASE("CSV and JSON give the same layers", "[model][readers]") {
  const auto csv = read_layers_file(CDMA_MODEL_DATA "/regression.csv");
  const auto json = read_layers_file(CDMA_MODEL_DATA "/regression.json");
  REQUIRE(csv.size() == 6);
  REQUIRE(json.size() == csv.size());
  for (size_t i = 0; i < csv.size(); ++i) {
    CHECK(csv[i].name == json[i].name);
    CHECK(csv[i].kind == json[i].kind);
    CHECK(csv[i].bytes == json[i].bytes);
    CHECK(*csv[i].fwd_s == Approx(*json[i].fwd_s));
    CHECK(*csv[i].bwd_s == Approx(*json[i].bwd_s));
    CHECK(ratio_for(csv[i], "zvc") == ratio_for(json[i], "zvc"));
  }
  CHECK(csv[3].kind == LayerKind::conv);
  CHECK(*csv[3].ratio == 14);
}

TEST_CASE("layer fields: defaults and guesses", "[model][readers]") {
  const auto layers = parse_layers_csv(
      "# comment\n\nName, Bytes, FLOPS\nconv1_relu, 10, 5\nmaxpool, , 1e3\nhead,3,7\n", "t.csv");
  REQUIRE(layers.size() == 3);
  CHECK(layers[0].kind == LayerKind::conv);  // guessed from the name
  CHECK(layers[1].kind == LayerKind::pool);
  CHECK(!layers[1].bytes);                   // to be taken from a dump
  CHECK(*layers[1].flops == 1000);
  CHECK(layers[2].kind == LayerKind::other);
  CHECK(ratio_for(layers[2], "zvc") == 1);
  const auto json = parse_layers_json(R"([{"name": "x", "fwd_ms": 2, "kind": "fc"}])", "t.json");
  CHECK(*json[0].fwd_s == Approx(2e-3));
  CHECK(json[0].kind == LayerKind::fc);
}

TEST_CASE("malformed layer files are data errors naming the place", "[model][readers]") {
  auto csv = [](const char* text) { return [text] { parse_layers_csv(text, "t.csv"); }; };
  CHECK(kind_of(csv("name,bytes,fwd_ms\na,1x,1\n")) == ErrorKind::data);
  CHECK(kind_of(csv("name,bytes,fwd_ms\na,1\n")) == ErrorKind::data);        // short row
  CHECK(kind_of(csv("name,bytes,speed\na,1,1\n")) == ErrorKind::data);       // unknown field
  CHECK(kind_of(csv("name,bytes\na,1\n")) == ErrorKind::data);               // no times, no FLOPs
  CHECK(kind_of(csv("name,fwd_ms,ratio\na,1,0\n")) == ErrorKind::data);      // ratio 0
  CHECK(kind_of(csv("name,fwd_ms\na,-1\n")) == ErrorKind::data);
  CHECK(kind_of(csv("name,fwd_ms,kind\na,1,lstm\n")) == ErrorKind::data);
  CHECK(kind_of(csv("# nothing\n")) == ErrorKind::data);
  CHECK_THROWS_WITH(parse_layers_csv("name,fwd_ms\n\na,zz\n", "t.csv"), Catch::Contains("t.csv:3"));
  auto json = [](const char* text) { return [text] { parse_layers_json(text, "t.json"); }; };
  CHECK(kind_of(json(R"({"layers": [{"name": "a", "fwd_ms": 1})")) == ErrorKind::data);
  CHECK(kind_of(json(R"({"nets": []})")) == ErrorKind::data);
  CHECK(kind_of(json(R"([{"name": "a", "fwd_ms": [1]}])")) == ErrorKind::data);
  CHECK(kind_of(json(R"([1])")) == ErrorKind::data);
  CHECK(kind_of(json(std::string(200, '[').c_str())) == ErrorKind::data);  // too deep
  CHECK(kind_of([] { read_layers_file("/nonexistent/layers.csv"); }) == ErrorKind::io);
}

TEST_CASE("sweep specifications", "[model][sweep]") {
  CHECK(parse_sweep("ratio=1..4") == std::vector<double>{1, 2, 3, 4});
  CHECK(parse_sweep("ratio=1..2:0.5") == std::vector<double>{1, 1.5, 2});
  CHECK(parse_sweep("ratio=1,2.5,8") == std::vector<double>{1, 2.5, 8});
  CHECK(parse_sweep("ratio=1..2:0.1").size() == 11);  // no drift past the end
  for (const char* bad : {"ratio=", "ratio=4..1", "ratio=0..2", "ratio=1..x", "size=1..2", "ratio=1..1e9:1"})
    CHECK(kind_of([bad] { parse_sweep(bad); }) == ErrorKind::usage);
}

// Layer files: CSV and JSON accept the same fields and give the same layers;
// malformed input fails with the file and line or offset. Sweep specs.
#include <catch2/catch.hpp>

#include "model/errors.hpp"
#include "model/layer_file.hpp"
#include "model/numbers.hpp"
#include "model/sweep.hpp"
#include "model/text.hpp"

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

TEST_CASE("codec times: both or neither, in milliseconds, CSV and JSON alike", "[model][readers]") {
  const auto csv = parse_layers_csv(
      "name,kind,inputs,out_bytes,fwd_ms,bwd_ms,ratio,compress_ms,decompress_ms\n"
      "x,input,,100,,,1,,\nc,conv,x,400,1,2,2.5,0.25,0.5\n", "t.csv");
  REQUIRE(csv.size() == 2);
  CHECK(!csv[0].compress_s);
  CHECK(*csv[1].compress_s == Approx(0.25e-3));
  CHECK(*csv[1].decompress_s == Approx(0.5e-3));
  const auto json = parse_layers_json(
      R"([{"name": "c", "fwd_ms": 1, "compress_ms": 0.25, "decompress_ms": 0.5}])", "t.json");
  CHECK(*json[0].compress_s == Approx(0.25e-3));
  CHECK(*json[0].decompress_s == Approx(0.5e-3));
  auto csv_error = [](const char* text) { return [text] { parse_layers_csv(text, "t.csv"); }; };
  CHECK_THROWS_WITH(parse_layers_csv("name,fwd_ms,compress_ms\na,1,1\n", "t.csv"),
                    Catch::Contains("t.csv:2") && Catch::Contains("compress_ms without decompress_ms"));
  CHECK_THROWS_WITH(parse_layers_csv("name,fwd_ms,decompress_ms\na,1,1\n", "t.csv"),
                    Catch::Contains("decompress_ms without compress_ms"));
  CHECK(kind_of(csv_error("name,fwd_ms,compress_ms,decompress_ms\na,1,-1,1\n")) == ErrorKind::data);
  CHECK(kind_of(csv_error("name,fwd_ms,compress_ms,decompress_ms\na,1,1,nan\n")) == ErrorKind::data);
  CHECK(kind_of(csv_error("name,fwd_ms,compress_ms,decompress_ms\na,1,1,4e6\n")) == ErrorKind::data);
}

TEST_CASE("sweep specifications", "[model][sweep]") {
  CHECK(parse_sweep("ratio=1..4") == std::vector<double>{1, 2, 3, 4});
  CHECK(parse_sweep("ratio=1..2:0.5") == std::vector<double>{1, 1.5, 2});
  CHECK(parse_sweep("ratio=1,2.5,8") == std::vector<double>{1, 2.5, 8});
  CHECK(parse_sweep("ratio=1..2:0.1").size() == 11);  // no drift past the end
  for (const char* bad : {"ratio=", "ratio=4..1", "ratio=0..2", "ratio=1..x", "size=1..2", "ratio=1..1e9:1"})
    CHECK(kind_of([bad] { parse_sweep(bad); }) == ErrorKind::usage);
}

TEST_CASE("numbers are plain decimal, nothing else", "[model][readers]") {
  CHECK(parse_decimal("0") == 0.0);
  CHECK(parse_decimal("12.5") == 12.5);
  CHECK(parse_decimal("1e3") == 1000.0);
  CHECK(parse_decimal("2.5E-1") == 0.25);
  CHECK(parse_decimal("-1") == -1.0);
  for (const char* bad : {"", "0x10", "0X10", "inf", "nan", "+1", " 1", "1 ", "1.", ".5", "1e", "1e+", "--1",
                          "1e999", "1e-999", "1,5", "0x1p4"})
    CHECK_FALSE(parse_decimal(bad));
  CHECK_FALSE(parse_decimal(std::string_view("1\0" "5", 3)));  // a NUL is not the end
  CHECK(parse_whole("18446744073709551615") == UINT64_MAX);
  for (const char* bad : {"", "18446744073709551616", "-1", "+1", "0x10", "1e3", "1.0", " 1"})
    CHECK_FALSE(parse_whole(bad));
}

TEST_CASE("text from files is printed escaped and names are clean UTF-8", "[model][readers]") {
  CHECK(printable("conv1_1") == "conv1_1");
  CHECK(printable("caf\xc3\xa9") == "caf\xc3\xa9");             // UTF-8 kept
  CHECK(printable("\x1b[31m") == "\\x1b[31m");                  // ESC
  CHECK(printable("a\nb\\") == "a\\nb\\\\");
  CHECK(printable("\xc2\x9b") == "\\xc2\\x9b");                 // C1 CSI, both bytes
  CHECK(printable("\xff\xc3") == "\\xff\\xc3");                 // not UTF-8
  CHECK(printable(std::string_view("a\0b", 3)) == "a\\x00b");
  CHECK(name_problem("conv1", 256).empty());
  CHECK(name_problem("a\x7f", 256) == "contains a control character");
  CHECK(name_problem("\xed\xa0\x80", 256) == "is not valid UTF-8");  // a surrogate
  CHECK(name_problem("\xc0\xaf", 256) == "is not valid UTF-8");      // overlong '/'
  CHECK(name_problem(std::string(300, 'x'), 256) == "is longer than 256 bytes");
}

TEST_CASE("layer files: BOM, control bytes, duplicates, limits", "[model][readers]") {
  const auto bom = parse_layers_csv("\xef\xbb\xbfname,fwd_ms\na,1\n", "t.csv");
  REQUIRE(bom.size() == 1);
  CHECK(bom[0].name == "a");
  CHECK(parse_layers_json("\xef\xbb\xbf[{\"name\": \"a\", \"fwd_ms\": 1}]", "t.json").size() == 1);
  CHECK(parse_layers_csv("name,fwd_ms\r\na,1\r\n", "t.csv").size() == 1);  // CRLF
  auto csv = [](std::string text) { return [text] { parse_layers_csv(text, "t.csv"); }; };
  CHECK(kind_of(csv(std::string("name,fwd_ms\na,1\0" "0\n", 16))) == ErrorKind::data);
  CHECK(kind_of(csv("name,fwd_ms\na\x1b[0m,1\n")) == ErrorKind::data);
  CHECK(kind_of(csv("name,fwd_ms,name\na,1,b\n")) == ErrorKind::data);
  CHECK(kind_of(csv("name,fwd_ms,ratio\na,1,0.0001\n")) == ErrorKind::data);
  CHECK(kind_of(csv("name,fwd_ms,bytes\na,1,17592186044417\n")) == ErrorKind::data);  // 2^44 + 1
  CHECK_THROWS_WITH(parse_layers_csv("naem,fwd_ms\n", "t.csv"), Catch::Contains("t.csv:1: unknown field 'naem'"));
  std::string many = "name,fwd_ms\n";
  for (int i = 0; i <= 10000; ++i) {
    many += 'l';
    many += std::to_string(i);
    many += ",1\n";
  }
  CHECK_THROWS_WITH(parse_layers_csv(many, "t.csv"), Catch::Contains("more than 10000 layers"));
  auto json = [](std::string text) { return [text] { parse_layers_json(text, "t.json"); }; };
  CHECK(kind_of(json(R"([{"name": "a", "fwd_ms": 1, "name": "b"}])")) == ErrorKind::data);
  CHECK(kind_of(json(R"({"layers": [], "layers": []})")) == ErrorKind::data);
  CHECK(kind_of(json(R"([{"name": "\u0007", "fwd_ms": 1}])")) == ErrorKind::data);
  std::string values = "[";
  for (int i = 0; i < 400000; ++i) values += "1,";
  values += "1]";
  CHECK_THROWS_WITH(parse_layers_json(values, "t.json"), Catch::Contains("values"));
}

TEST_CASE("sweeps: the point count is decided before any point is made", "[model][sweep]") {
  for (const char* bad : {"ratio=1e15..1e15:0.001", "ratio=1..2:1e-300", "ratio=100..100.0001:1e-12",
                          "ratio=1..1001", "ratio=0x2", "ratio=2..nan", "ratio=1e-300"})
    CHECK(kind_of([bad] { parse_sweep(bad); }) == ErrorKind::usage);
  CHECK(parse_sweep("ratio=1..1000").size() == 1000);
  CHECK(parse_sweep("ratio=1..1000").back() == 1000);
}

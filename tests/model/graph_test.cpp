// Layer graphs: a two-branch toy network whose timeline is worked out by
// hand, the graph form of the layer files, the refusals that name the layer
// and the field, and the six built-in networks.
#include <catch2/catch.hpp>

#include "model/errors.hpp"
#include "model/graph.hpp"
#include "model/layer_file.hpp"
#include "model/model.hpp"
#include "model/networks.hpp"
#include "model/scenarios.hpp"

using namespace cdma::model;

namespace {

// in -> a -> {b1, b2} -> cat -> fc, times in ms, bytes moved at 100 bytes
// per ms with no latency, so a tensor of 100k bytes takes k ms.
const char* const kToy =
    "name,kind,inputs,out_bytes,fwd_ms,bwd_ms\n"
    "in,input,,100,,\n"
    "a,conv,in,200,10,20\n"
    "b1,conv,a,300,5,10\n"
    "b2,conv,a,400,7,14\n"
    "cat,concat,b1;b2,700,1,2\n"
    "fc,fc,cat,10,3,6\n";

Movement at_100_per_ms(const Layer& l) {
  Movement m;
  m.link_bytes = m.host_bytes = *l.bytes;
  m.wire_s = static_cast<double>(*l.bytes) / 1e5;
  m.offload = m.prefetch = {m.wire_s, Bound::link};
  return m;
}

std::vector<Layer> toy() {
  std::vector<Layer> layers = parse_layers_csv(kToy, "toy.csv");
  link_graph(layers, "toy.csv");
  return layers;
}

}  // namespace

TEST_CASE("a two-branch graph: each tensor offloaded once, prefetched before its first backward use",
          "[model][graph]") {
  const std::vector<Layer> layers = toy();
  REQUIRE(layers.size() == 6);
  CHECK(layers[4].input_rows == std::vector<size_t>{2, 3});
  CHECK(layers[2].input_rows == std::vector<size_t>{1});
  CHECK(layers[0].input_rows.empty());

  const std::vector<TensorUse> uses = tensor_uses(layers);
  CHECK((uses[1].first == 2 && uses[1].last == 3));  // a is read by b1 and b2
  CHECK(!uses[5].read);                               // the output
  // in, a, b1, b2 offloaded; cat's output feeds the last layer; fc's is the output.
  CHECK(offload_plan(layers, Policy::all) == std::vector<bool>{true, true, true, true, false, false});
  CHECK(offload_plan(layers, Policy::conv) == std::vector<bool>{true, true, false, false, false, false});

  const Timeline t = simulate(layers, offload_plan(layers, Policy::all), at_100_per_ms);
  auto ms = [](double s) { return Approx(s * 1e3).margin(1e-9); };
  // Forward: in (1 ms) during a, a (2 ms) during b1, b1 + b2 (3 + 4 ms) during cat.
  CHECK(ms(t.layers[1].fwd.transfer_s) == 1);
  CHECK(ms(t.layers[2].fwd.transfer_s) == 2);
  CHECK(ms(t.layers[3].fwd.transfer_s) == 0);
  CHECK(ms(t.layers[4].fwd.transfer_s) == 7);
  CHECK(ms(t.layers[4].fwd.stall_s) == 6);
  // Backward: b1 + b2 back during fc (before cat), a during cat (before b2,
  // its first reader backward), in during b1 (before a).
  CHECK(ms(t.layers[5].bwd.transfer_s) == 7);
  CHECK(ms(t.layers[5].bwd.stall_s) == 1);
  CHECK(ms(t.layers[4].bwd.transfer_s) == 2);
  CHECK(ms(t.layers[3].bwd.transfer_s) == 0);
  CHECK(ms(t.layers[2].bwd.transfer_s) == 1);
  CHECK(t.totals.raw_bytes == 100 + 200 + 300 + 400);  // a once, though two layers read it
  CHECK(ms(t.totals.compute_s) == 26 + 52);
  CHECK(ms(t.totals.iteration_s) == 32 + 53);
  CHECK(ms(t.totals.stall_fwd_s) == 6);
  CHECK(ms(t.totals.stall_bwd_s) == 1);
  CHECK(t.totals.stalled_steps == 2);
}

TEST_CASE("a chain in graph form times as the same chain in list form", "[model][graph]") {
  // List: row i's bytes are layer i's input. Graph: row i's out_bytes are
  // its output, so the image is its own row.
  std::vector<Layer> list = parse_layers_csv("name,bytes,fwd_ms\nc1,100,1\nc2,200,2\nc3,300,3\n", "l.csv");
  std::vector<Layer> graph = parse_layers_csv(
      "name,kind,inputs,out_bytes,fwd_ms\nimg,input,,100,\nc1,conv,,200,1\nc2,conv,,300,2\nc3,conv,,9,3\n", "g.csv");
  link_graph(graph, "g.csv");
  const Timeline a = simulate(list, offload_plan(list, Policy::all), at_100_per_ms);
  const Timeline b = simulate(graph, offload_plan(graph, Policy::all), at_100_per_ms);
  CHECK(a.totals.raw_bytes == b.totals.raw_bytes);
  CHECK(a.totals.iteration_s == Approx(b.totals.iteration_s));
  CHECK(a.totals.stall_fwd_s == Approx(b.totals.stall_fwd_s));
  CHECK(a.totals.stall_bwd_s == Approx(b.totals.stall_bwd_s));
}

TEST_CASE("graph layer files: JSON arrays, and refusals naming the layer and field", "[model][graph]") {
  std::vector<Layer> json = parse_layers_json(
      R"([{"name": "in", "kind": "input", "out_bytes": 8},
          {"name": "x", "inputs": ["in"], "out_bytes": 8, "fwd_ms": 1},
          {"name": "y", "inputs": ["in", "x"], "out_bytes": 8, "fwd_ms": 1}])",
      "g.json");
  link_graph(json, "g.json");
  CHECK(json[2].input_rows == std::vector<size_t>{0, 1});

  auto refused = [](const char* csv) {
    std::vector<Layer> layers = parse_layers_csv(csv, "g.csv");
    link_graph(layers, "g.csv");
  };
  const char* head = "name,inputs,out_bytes,fwd_ms\n";
  auto with = [&](const char* rows) { return std::string(head) + rows; };
  CHECK_THROWS_WITH(refused(with("a,,1,1\nb,a;c,1,1\nc,b,1,1\n").c_str()),
                    Catch::Contains("layer 'b'") && Catch::Contains("'c'") && Catch::Contains("cycle"));
  CHECK_THROWS_WITH(refused(with("a,,1,1\nb,ghost,1,1\n").c_str()),
                    Catch::Contains("layer 'b'") && Catch::Contains("'ghost' is not a layer"));
  CHECK_THROWS_WITH(refused(with("a,,1,1\nb,b,1,1\n").c_str()), Catch::Contains("layer 'b'"));
  CHECK_THROWS_WITH(refused(with("a,,1,1\na,a,1,1\n").c_str()), Catch::Contains("earlier layer too"));
  CHECK_THROWS_WITH(refused(with("a,,1,1\nb,a;a,1,1\n").c_str()), Catch::Contains("named twice"));
  CHECK_THROWS_WITH(refused(with("a,,1,1\nb,a;;a,1,1\n").c_str()), Catch::Contains("empty name"));
  CHECK_THROWS_WITH(refused("name,inputs,bytes,fwd_ms\na,,1,1\n"), Catch::Contains("give out_bytes"));
  CHECK_THROWS_WITH(refused("name,kind,fwd_ms\na,lstm,1\n"), Catch::Contains("kind 'lstm'"));
  CHECK_THROWS_WITH(refused(with("a,,-1,1\n").c_str()), Catch::Contains("bytes '-1'"));
  CHECK_THROWS_WITH(refused(with("a,,1,1e99\n").c_str()), Catch::Contains("fwd_ms '1e99' is out of range"));
}

TEST_CASE("sizes that do not chain are refused, naming the layer and the field", "[model][graph]") {
  auto check = [](const char* csv) {
    std::vector<Layer> layers = parse_layers_csv(csv, "s.csv");
    link_graph(layers, "s.csv");
    check_shapes(layers, "s.csv");
  };
  const char* head = "name,kind,inputs,out_bytes,fwd_ms\nin,input,,100,\na,conv,in,200,1\nb,conv,in,300,1\n";
  auto with = [&](const char* rows) { return std::string(head) + rows; };
  CHECK_NOTHROW(check(with("c,concat,a;b,500,1\nn,norm,c,500,1\np,pool,n,125,1\n").c_str()));
  CHECK_NOTHROW(check(with("c,concat,a;b,400,1\n").c_str()));  // parts of its inputs (a channel split)
  CHECK_THROWS_WITH(check(with("c,concat,a;b,600,1\n").c_str()),
                    Catch::Contains("layer 'c'") && Catch::Contains("out_bytes") && Catch::Contains("500"));
  CHECK_THROWS_WITH(check(with("n,norm,a,201,1\n").c_str()), Catch::Contains("layer 'n': out_bytes"));
  CHECK_THROWS_WITH(check(with("p,pool,b,301,1\n").c_str()), Catch::Contains("layer 'p': out_bytes"));
  // A list: row i's out_bytes is row i+1's input.
  CHECK_NOTHROW(check("name,bytes,out_bytes,fwd_ms\na,10,20,1\nb,20,,1\n"));
  CHECK_THROWS_WITH(check("name,bytes,out_bytes,fwd_ms\na,10,20,1\nb,30,,1\n"),
                    Catch::Contains("layer 'a': out_bytes") && Catch::Contains("do not chain"));
}

TEST_CASE("a list's output is the next row's input: conv1's larger map, a pool's quarter", "[model][graph]") {
  std::vector<Layer> layers =
      parse_layers_csv("name,kind,bytes,fwd_ms\nconv1,conv,100,1\npool1,pool,800,1\nconv2,conv,200,1\n", "l.csv");
  CHECK(bytes_written(layers, 0) == 800);  // conv1 writes the larger map pool1 reads
  CHECK(bytes_written(layers, 1) == 200);  // pool1 writes a quarter of what it reads
  CHECK(bytes_written(layers, 2) == 200);  // the last: nothing follows, taken as its input's size
  CHECK(bytes_read(layers, 1) == 800);
}

TEST_CASE("the six networks: shapes, sizes and FLOPs of their definitions", "[model][graph][networks]") {
  // Sizes from the papers' tables, batch 1, fp32.
  auto layer = [](const std::vector<Layer>& net, const char* name) -> const Layer& {
    for (const Layer& l : net)
      if (l.name == name) return l;
    FAIL("no layer " << name);
    return net.front();
  };
  const auto vgg = build_network("vgg16", 1, 2.6);
  CHECK(*layer(vgg, "conv1_1").bytes == 64 * 224 * 224 * 4);
  CHECK(*layer(vgg, "pool5").bytes == 512 * 7 * 7 * 4);
  CHECK(*layer(vgg, "conv1_2").flops == Approx(2.0 * 64 * 9 * 64 * 224 * 224));
  const auto alex = build_network("alexnet", 1, 2.6);
  CHECK(*layer(alex, "conv1").bytes == 96 * 55 * 55 * 4);
  CHECK(*layer(alex, "pool5").bytes == 256 * 6 * 6 * 4);
  CHECK(*layer(alex, "conv2").flops == Approx(2.0 * 48 * 25 * 256 * 27 * 27));  // two groups
  const auto over = build_network("overfeat", 1, 2.6);
  CHECK(*layer(over, "conv2").bytes == 256 * 24 * 24 * 4);
  CHECK(*layer(over, "pool5").bytes == 1024 * 6 * 6 * 4);
  const auto nin = build_network("nin", 1, 2.6);
  // The authors' Caffe ImageNet NiN: 11x11/4 conv to 54x54, 3x3/2 pools
  // (rounding up) to 27, 13 and 6, 1x1 cccp layers keeping the map.
  CHECK(*layer(nin, "conv1").bytes == 96 * 54 * 54 * 4);
  CHECK(*layer(nin, "cccp1").flops == Approx(2.0 * 96 * 96 * 54 * 54));
  CHECK(*layer(nin, "pool1").bytes == 96 * 27 * 27 * 4);
  CHECK(*layer(nin, "pool2").bytes == 256 * 13 * 13 * 4);
  CHECK(*layer(nin, "conv4").bytes == 1024 * 6 * 6 * 4);
  CHECK(*layer(nin, "cccp8").bytes == 1000 * 6 * 6 * 4);
  CHECK(*layer(nin, "pool3").bytes == 384 * 6 * 6 * 4);
  CHECK(*layer(nin, "pool4").bytes == 1000 * 4);
  const auto squeeze = build_network("squeezenet", 1, 2.6);
  CHECK(*layer(squeeze, "pool1").bytes == 96 * 55 * 55 * 4);
  CHECK(*layer(squeeze, "fire9/concat").bytes == 512 * 13 * 13 * 4);
  CHECK(layer(squeeze, "fire2/expand3x3").inputs == std::vector<std::string>{"fire2/squeeze1x1"});
  const auto goog = build_network("googlenet", 1, 2.6);
  CHECK(*layer(goog, "3a/output").bytes == 256 * 28 * 28 * 4);
  CHECK(*layer(goog, "4e/output").bytes == 832 * 14 * 14 * 4);
  CHECK(*layer(goog, "5b/output").bytes == 1024 * 7 * 7 * 4);
  CHECK(layer(goog, "3a/output").input_rows.size() == 4);
  // The image is not compressed unless the user says so; the rest carry the ratio.
  for (const auto* net : {&vgg, &alex, &over, &nin, &squeeze, &goog}) {
    CHECK(net->front().kind == LayerKind::input);
    CHECK(!net->front().ratio);
    CHECK(*(*net)[1].ratio == 2.6);
  }
  CHECK_THROWS_WITH(build_network("resnet", 1, 1), Catch::Contains("known: alexnet overfeat nin vgg16"));
}

TEST_CASE("every network runs with both policies on every preset", "[model][graph][networks]") {
  for (const NetworkInfo& n : networks())
    for (const char* gpu : {"titanxp", "v100", "a100", "h100"})
      for (const Policy policy : {Policy::all, Policy::conv}) {
        ModelRequest q;
        q.net = std::string(n.key);
        q.gpu = gpu;
        q.policy = policy;
        q.codecs = {{"zvc", 2, 0}};
        const ModelReport r = build_model_report(q);
        const double oracle = r.result.oracle().timeline.totals.iteration_s;
        const double plain = r.result.uncompressed().timeline.totals.iteration_s;
        const double cdma = r.result.scenarios.back().timeline.totals.iteration_s;
        INFO(n.key << " " << gpu << " " << policy_name(policy));
        CHECK(oracle > 0);
        CHECK(plain >= oracle);
        CHECK(cdma <= plain);
        CHECK(cdma >= oracle);
      }
}

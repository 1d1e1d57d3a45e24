// `cdma analyze`'s figures on inputs with known answers: exact density and
// zero runs, exponent entropy, all-zero channels in both layouts and both
// storage orders, a ZVC ratio equal to the format's size formula, and the
// baselines equal to direct libzstd/liblz4 calls.
#include <lz4.h>
#include <zstd.h>

#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>

#include "analyze/analyze.hpp"
#include "analyze/channels.hpp"
#include "analyze/format.hpp"
#include "analyze/plot.hpp"
#include "analyze/report.hpp"
#include "analyze/walk.hpp"
#include "analyze/zero_stats.hpp"
#include "cdma/cdma.h"
#include "npy_builder.hpp"

namespace {

namespace an = cdma::analyze;
using cdma::test::le_bytes;
using cdma::test::npy_bytes;
using cdma::test::npy_dict;

an::Tensor open(const std::vector<uint8_t>& file, const an::InputHints& hints = {},
                const std::string& path = "t.npy") {
  return an::open_tensor(path, file, hints);
}

// A .npy of f32 values.
std::vector<uint8_t> f32_npy(const std::vector<float>& v, const std::string& shape,
                             bool fortran = false) {
  return npy_bytes(1, npy_dict("<f4", shape, fortran), le_bytes(v));
}

std::string tuple(size_t n) {
  std::string s = "(";  // built by appends: GCC 12 warns (-Wrestrict) on "(" + ...
  s += std::to_string(n);
  s += ",)";
  return s;
}

// Only plain ZVC at level 1, and no library baselines unless asked.
an::RatioPlan zvc_plan() {
  const std::vector<an::CodecSpec> specs{{"zvc", CDMA_CODEC_ZVC}};
  const std::vector<int> levels{1};
  return an::plan_ratios(specs, levels, false);
}

size_t method_index(const an::RatioPlan& plan, const std::string& label) {
  for (size_t m = 0; m < plan.methods.size(); ++m)
    if (plan.methods[m].label == label) return m;
  FAIL("no method " << label);
  return 0;
}

}  // namespace

TEST_CASE("analyze: density and zero runs are exact", "[analyze]") {
  // Runs of 5, 40, 1, 100 and 31 zeros between nonzero values; -0.0 and a
  // NaN are nonzero (bitwise test, as in ZVC).
  std::vector<float> v;
  const auto zeros = [&](int n) { v.insert(v.end(), size_t(n), 0.0f); };
  v.push_back(1.0f);
  zeros(5);
  v.push_back(-0.0f);
  zeros(40);
  v.push_back(NAN);
  zeros(1);
  v.push_back(2.0f);
  zeros(100);
  v.push_back(3.0f);
  zeros(31);
  const auto file = f32_npy(v, tuple(v.size()));
  const an::ZeroStats s = an::scan_zeros(open(file));
  CHECK(s.elements == 182);
  CHECK(s.nonzero == 5);
  CHECK(s.zero_runs == 5);
  CHECK(s.long_run_zeros == 140);
  CHECK(s.longest_run == 100);
  CHECK(an::density(s) == 5.0 / 182.0);
  CHECK(an::mean_zero_run(s) == 177.0 / 5.0);
  CHECK(an::long_run_fraction(s) == 140.0 / 177.0);
}

TEST_CASE("analyze: density of every element width", "[analyze]") {
  // 1000 elements, every fourth nonzero: density exactly 0.25.
  for (const char* descr : {"|u1", "<u2", "<u4", "<u8", "|V3", "<U5"}) {
    INFO(descr);
    const auto probe = open(npy_bytes(1, npy_dict(descr, "(0,)")));
    std::vector<uint8_t> data(1000 * probe.itemsize, 0);
    for (size_t i = 0; i < 1000; i += 4) data[i * probe.itemsize + probe.itemsize - 1] = 0x80;
    const auto s = an::scan_zeros(open(npy_bytes(1, npy_dict(descr, "(1000,)"), data)));
    CHECK(s.nonzero == 250);
    CHECK(an::density(s) == 0.25);
    CHECK(s.zero_runs == 250);  // a run of 3 after each nonzero
    CHECK(an::mean_zero_run(s) == 3.0);
    CHECK(s.long_run_zeros == 0);
  }
}

TEST_CASE("analyze: all-zero and empty tensors", "[analyze]") {
  const auto zero = an::scan_zeros(open(f32_npy(std::vector<float>(64, 0.0f), "(64,)")));
  CHECK(zero.nonzero == 0);
  CHECK(zero.zero_runs == 1);
  CHECK(zero.long_run_zeros == 64);
  CHECK(an::density(zero) == 0.0);
  CHECK(an::long_run_fraction(zero) == 1.0);
  const auto empty = an::scan_zeros(open(f32_npy({}, "(0, 3)")));
  CHECK(empty.elements == 0);
  CHECK(an::density(empty) == 0.0);
  CHECK(an::mean_zero_run(empty) == 0.0);
}

TEST_CASE("analyze: exponent entropy reads the high byte of floats", "[analyze]") {
  // 1, 2, 4, 8 have top bytes 0x3f, 0x40, 0x40, 0x41 as f32: entropy 1.5 bits.
  const std::vector<float> v{1.0f, 0.0f, 2.0f, 4.0f, 0.0f, 8.0f};
  const auto f32 = an::scan_zeros(open(f32_npy(v, "(6,)")));
  CHECK(an::entropy_bits(f32.exponent_histogram) == 1.5);
  CHECK(f32.exponent_histogram[0x40] == 2);

  // Four equally frequent high bytes: exactly 2 bits. As f16 (<f2), as bf16
  // ('<V2' named by --dtype) and big-endian ('>f2': first byte).
  const std::vector<uint8_t> le = {0x00, 0x3c, 0x00, 0x40, 0, 0, 0x00, 0x44, 0x00, 0x48};
  std::vector<uint8_t> be;
  for (size_t i = 0; i < le.size(); i += 2) be.insert(be.end(), {le[i + 1], le[i]});
  const auto f16 = an::scan_zeros(open(npy_bytes(1, npy_dict("<f2", "(5,)"), le)));
  CHECK(an::entropy_bits(f16.exponent_histogram) == 2.0);
  const auto bf16 = an::scan_zeros(open(npy_bytes(1, npy_dict("<V2", "(5,)"), le), {"bf16", ""}));
  CHECK(an::entropy_bits(bf16.exponent_histogram) == 2.0);
  const auto f16be = an::scan_zeros(open(npy_bytes(1, npy_dict(">f2", "(5,)"), be)));
  CHECK(an::entropy_bits(f16be.exponent_histogram) == 2.0);

  // Integers and unnamed opaque types have no exponent byte.
  CHECK_FALSE(open(npy_bytes(1, npy_dict("<i4", "(0,)"))).exponent_byte);
  CHECK_FALSE(open(npy_bytes(1, npy_dict("<V2", "(0,)"))).exponent_byte);
  CHECK(open(npy_bytes(1, npy_dict("<f8", "(0,)"))).exponent_byte == 7u);
  CHECK(open({}, {"f8e4m3", ""}, "x.bin").exponent_byte == 0u);
}

TEST_CASE("analyze: layout rule for 4-d shapes", "[analyze]") {
  using L = an::Layout;
  const auto resolve = [](L l, std::vector<uint64_t> s) { return an::resolve_layout(l, s); };
  CHECK(resolve(L::automatic, {8, 16, 32, 32}) == L::nchw);
  CHECK(resolve(L::automatic, {8, 32, 32, 16}) == L::nhwc);
  CHECK(resolve(L::automatic, {8, 16, 16, 16}) == L::nchw);  // ambiguous: NCHW
  CHECK(resolve(L::automatic, {4, 1, 1, 128}) == L::nhwc);
  CHECK(resolve(L::nhwc, {8, 16, 32, 32}) == L::nhwc);
  CHECK_FALSE(resolve(L::automatic, {8, 16, 32}));
  CHECK(an::layout_from_name("nhwc") == L::nhwc);
  CHECK_FALSE(an::layout_from_name("NCHW"));
}

TEST_CASE("analyze: all-zero channels and feature maps", "[analyze]") {
  // Logical NCHW tensor 2x3x2x2: channel 1 is zero everywhere; map (n=1,c=2)
  // is zero too.
  const auto value = [](uint64_t n, uint64_t c, uint64_t h, uint64_t w) -> float {
    if (c == 1 || (n == 1 && c == 2)) return 0.0f;
    return float(1 + n * 100 + c * 10 + h * 2 + w);
  };
  const uint64_t N = 2, C = 3, H = 2, W = 2;
  std::vector<float> nchw, nhwc, fortran;
  for (uint64_t n = 0; n < N; ++n)
    for (uint64_t c = 0; c < C; ++c)
      for (uint64_t h = 0; h < H; ++h)
        for (uint64_t w = 0; w < W; ++w) nchw.push_back(value(n, c, h, w));
  for (uint64_t n = 0; n < N; ++n)
    for (uint64_t h = 0; h < H; ++h)
      for (uint64_t w = 0; w < W; ++w)
        for (uint64_t c = 0; c < C; ++c) nhwc.push_back(value(n, c, h, w));
  // Fortran order of the NCHW shape: the first index varies fastest.
  for (uint64_t w = 0; w < W; ++w)
    for (uint64_t h = 0; h < H; ++h)
      for (uint64_t c = 0; c < C; ++c)
        for (uint64_t n = 0; n < N; ++n) fortran.push_back(value(n, c, h, w));

  const auto check = [](const an::ChannelStats& s) {
    CHECK(s.channels == 3);
    CHECK(s.zero_channels == 1);
    CHECK(s.maps == 6);
    CHECK(s.zero_maps == 3);
  };
  const auto a = an::channel_stats(open(f32_npy(nchw, "(2, 3, 2, 2)")), an::Layout::nchw);
  REQUIRE(a);
  check(*a);
  const auto b = an::channel_stats(open(f32_npy(nhwc, "(2, 2, 2, 3)")), an::Layout::automatic);
  REQUIRE(b);
  CHECK(b->layout == an::Layout::nhwc);
  check(*b);
  const auto c = an::channel_stats(open(f32_npy(fortran, "(2, 3, 2, 2)", true)), an::Layout::nchw);
  REQUIRE(c);
  check(*c);
  // Not 4-d, or empty: no channel figures.
  CHECK_FALSE(an::channel_stats(open(f32_npy(nchw, "(24,)")), an::Layout::automatic));
  CHECK_FALSE(an::channel_stats(open(f32_npy({}, "(0, 3, 2, 2)")), an::Layout::automatic));
}

TEST_CASE("analyze: the ZVC ratio equals the format's size formula", "[analyze][ratio]") {
  // 100000 f32 elements in 128 KiB blocks (32768 elements): three full
  // blocks and one of 1696 elements. Element i is nonzero when i % 3 == 0,
  // except in block 1, which is all zero (coded as a ZERO block).
  const size_t n = 100000, per_block = 32768;
  std::vector<float> v(n, 0.0f);
  for (size_t i = 0; i < n; i += 3)
    if (i / per_block != 1) v[i] = 1.0f + float(i % 7);
  // docs/format.md: 24-byte header (no metadata) + per block a 12-byte
  // header and ceil(n/8) mask bytes + 4 bytes per nonzero element, + the
  // 8-byte content checksum. An all-zero block is its header alone.
  uint64_t expected = 24 + 8;
  for (size_t start = 0; start < n; start += per_block) {
    const size_t count = std::min(per_block, n - start);
    size_t nnz = 0;
    for (size_t i = start; i < start + count; ++i) nnz += v[i] != 0.0f;
    expected += 12 + (nnz == 0 ? 0 : (count + 7) / 8 + nnz * 4);
  }
  const an::RatioPlan plan = zvc_plan();
  REQUIRE(plan.methods.size() == 3);  // zvc/1, libzstd-1, liblz4
  an::RatioMeter meter(plan);
  const auto file = f32_npy(v, tuple(n));
  const an::Figures f = an::analyze_tensor("t.npy", file, {}, meter);
  CHECK(f.bytes == n * 4);
  CHECK(f.compressed[0] == expected);
  CHECK(f.ratio(0) == double(n * 4) / double(expected));
  // A density test against the same data: every third element, block 1 excepted.
  CHECK(f.zeros.nonzero == 33334 - 10923);
}

TEST_CASE("analyze: library baselines equal direct libzstd and liblz4 calls",
          "[analyze][ratio]") {
  std::vector<float> v(50000, 0.0f);
  for (size_t i = 0; i < v.size(); i += 5) v[i] = float(i % 97) * 0.25f;
  const auto file = f32_npy(v, tuple(v.size()));
  const std::vector<an::CodecSpec> none;
  const std::vector<int> levels;
  const an::RatioPlan plan = an::plan_ratios(none, levels, true);
  REQUIRE(plan.methods.size() == 3);
  an::RatioMeter meter(plan);
  const an::Figures f = an::analyze_tensor("t.npy", file, {}, meter);
  const auto data = le_bytes(v);
  std::vector<uint8_t> dst(ZSTD_compressBound(data.size()));
  for (const int level : {1, 19}) {
    const size_t z = ZSTD_compress(dst.data(), dst.size(), data.data(), data.size(), level);
    CHECK(f.compressed[method_index(plan, "libzstd-" + std::to_string(level))] == z);
  }
  std::vector<char> l(static_cast<size_t>(LZ4_compressBound(int(data.size()))));
  const int lz = LZ4_compress_default(reinterpret_cast<const char*>(data.data()), l.data(),
                                      int(data.size()), int(l.size()));
  CHECK(f.compressed[method_index(plan, "liblz4")] == uint64_t(lz));
}

TEST_CASE("analyze: codecs the library refuses are skipped, not fatal", "[analyze][ratio]") {
  const std::vector<an::CodecSpec> specs{
      {"zvc", CDMA_CODEC_ZVC}, {"bogus", 77}, {"zrle", CDMA_CODEC_ZRLE}, {"split", CDMA_CODEC_SPLIT}};
  const std::vector<int> levels{1, 3, 9, 12};  // 12 is out of range: left out
  const an::RatioPlan plan = an::plan_ratios(specs, levels, false);
  CHECK(plan.methods[0].label == "zvc/1");
  CHECK(plan.methods[1].label == "zvc/3");
  CHECK(plan.methods[2].label == "zvc/9");
  REQUIRE_FALSE(plan.skipped.empty());
  CHECK_THAT(plan.skipped[0], Catch::StartsWith("bogus (the linked library refuses it"));
  for (const an::Method& m : plan.methods) CHECK(m.level != 12);
  // Whatever this build registers, every planned method measures a tensor.
  an::RatioMeter meter(plan);
  std::vector<float> v(4096, 0.0f);
  v[17] = 1.0f;
  const auto f = an::analyze_tensor("t.npy", f32_npy(v, "(4096,)"), {}, meter);
  for (size_t m = 0; m < plan.methods.size(); ++m) {
    INFO(plan.methods[m].label);
    CHECK(f.ratio(m));
  }
}

TEST_CASE("analyze: inputs cdma cannot read are refused with the fix", "[analyze][errors]") {
  const auto input_error = [](const std::vector<uint8_t>& bytes, const an::InputHints& h,
                              const std::string& path) {
    try {
      an::open_tensor(path, bytes, h);
    } catch (const an::InputError& e) {
      return std::pair{e.usage(), std::string(e.what())};
    }
    FAIL("no error");
    return std::pair{false, std::string()};
  };
  const std::vector<uint8_t> raw(10, 1);
  auto e = input_error(raw, {}, "x.bin");
  CHECK(e.first);
  CHECK_THAT(e.second, Catch::Contains("pass --dtype"));
  e = input_error(raw, {"f32", ""}, "x.bin");
  CHECK(e.first);
  CHECK_THAT(e.second, Catch::Contains("not a whole number of 4-byte f32 elements; check --dtype"));
  e = input_error(raw, {"u16", "2,3"}, "x.bin");
  CHECK_THAT(e.second, Catch::Contains("--shape 2x3 does not hold the 5 u16 elements"));
  e = input_error(raw, {"u8", "2,,5"}, "x.bin");
  CHECK_THAT(e.second, Catch::Contains("--shape"));
  e = input_error(raw, {"f12", ""}, "x.bin");
  CHECK_THAT(e.second, Catch::Contains("unknown --dtype f12"));
  const auto npy = npy_bytes(1, npy_dict("|V2", "(2,)"), {0, 1, 0, 2});
  e = input_error(npy, {"f32", ""}, "x.npy");
  CHECK_THAT(e.second, Catch::Contains("--dtype f32 has 4-byte elements but descr '|V2' has 2"));
  // A .npy whose descr names its type keeps it.
  CHECK(open(npy_bytes(1, npy_dict("<f2", "(0,)")), {"bf16", ""}).dtype == "f16");
  e = input_error(npy, {"", "2"}, "x.npy");
  CHECK_THAT(e.second, Catch::Contains("--shape is for raw input"));
  e = input_error(npy_bytes(1, npy_dict("|O", "(1,)"), {0, 0, 0, 0, 0, 0, 0, 0}), {}, "o.npy");
  CHECK_FALSE(e.first);
  CHECK_THAT(e.second, Catch::Contains("object array"));
  e = input_error({1, 2, 3}, {}, "named.npy");  // a .npy name without the magic
  CHECK_FALSE(e.first);
  CHECK_THAT(e.second, Catch::Contains("not a .npy file"));

  // Raw input that fits: every cdma dtype, with and without a shape.
  for (const char* dt : {"f64", "f32", "f16", "bf16", "f8e4m3", "f8e5m2", "i8", "u8", "i16",
                         "u16", "i32", "u32", "i64", "u64", "bool"}) {
    INFO(dt);
    const std::vector<uint8_t> bytes(64, 0);
    const an::Tensor t = an::open_tensor("x.bin", bytes, {dt, ""});
    CHECK(t.dtype == dt);
    CHECK(t.elements * t.itemsize == 64);
    CHECK(an::open_tensor("x.bin", bytes, {dt, std::to_string(t.elements)}).has_shape);
  }
}

TEST_CASE("analyze: pools add counts, not averages", "[analyze]") {
  an::Figures a, b, pool;
  a.tensors = b.tensors = 1;
  a.dtype = "f32";
  b.dtype = "f16";
  a.bytes = 400;
  b.bytes = 100;
  a.zeros.elements = 100;
  a.zeros.nonzero = 10;
  b.zeros.elements = 50;
  b.zeros.nonzero = 50;
  a.measured_bytes = {400, 400};
  a.compressed = {100, 200};
  b.measured_bytes = {100, 0};  // method 1 failed on b
  b.compressed = {100, 0};
  pool.add(a);
  pool.add(b);
  pool.add(a);
  CHECK(pool.dtype == "f32,f16");
  CHECK(pool.tensors == 3);
  CHECK(an::density(pool.zeros) == 70.0 / 250.0);
  CHECK(pool.ratio(0) == 900.0 / 300.0);
  CHECK(pool.ratio(1) == 800.0 / 400.0);
  CHECK(pool.best() == 0u);
}

namespace {

// A small tree of tensors on disk for the walk and the whole run.
struct TempTree {
  std::filesystem::path root;
  TempTree() {
    root = std::filesystem::temp_directory_path() /
           ("cdma-analyze-test-" + std::to_string(::getpid()));
    std::filesystem::remove_all(root);
    std::filesystem::create_directories(root / "net/early");
    std::filesystem::create_directories(root / "net/final");
    std::filesystem::create_directories(root / "empty");
  }
  ~TempTree() { std::filesystem::remove_all(root); }
  void write(const std::string& rel, const std::vector<uint8_t>& bytes) const {
    std::ofstream(root / rel, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
  }
};

std::vector<uint8_t> load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open");
  return {std::istreambuf_iterator<char>(in), {}};
}

}  // namespace

TEST_CASE("analyze: directories, pools, threads and renderings", "[analyze][run]") {
  TempTree tree;
  // 1x4x4x4, every other element of channels 0 and 2 nonzero: 16 of 64.
  std::vector<float> half(64, 0.0f);
  for (size_t i = 0; i < 64; i += 2)
    if ((i / 16) % 2 == 0) half[i] = 1.0f;
  tree.write("net/early/00_a.npy", f32_npy(half, "(1, 4, 4, 4)"));
  tree.write("net/early/01_b.npy", f32_npy(std::vector<float>(64, 0.0f), "(64,)"));
  tree.write("net/final/00_a.npy", f32_npy(std::vector<float>(64, 1.0f), "(64,)"));
  tree.write("net/final/02_bad.npy", {1, 2, 3});
  tree.write("net/final/notes.txt", {'x'});
  tree.write("net/final/raw.bin", std::vector<uint8_t>(16, 1));

  const std::string root = tree.root.string();
  const std::vector<std::string> args{root + "/", root + "/net/early/00_a.npy",
                                      root + "/empty", root + "/missing"};
  const an::Walk walk = an::collect_jobs(args, false);
  REQUIRE(walk.jobs.size() == 4);  // sorted, the repeated file once, no .txt/.bin
  CHECK(walk.jobs[0].path == root + "/net/early/00_a.npy");
  CHECK(walk.jobs[3].path == root + "/net/final/02_bad.npy");
  CHECK(walk.jobs[0].directory == root + "/net/early");
  CHECK(walk.jobs[0].groups ==
        std::vector<std::string>{root + "/net/early", root + "/net", root});
  REQUIRE(walk.errors.size() == 2);  // root/empty has no tensors; root/missing does not exist
  CHECK(walk.errors[0].usage);
  CHECK_THAT(walk.errors[0].message, Catch::Contains("no .npy files found"));
  CHECK_FALSE(walk.errors[1].usage);
  CHECK_THAT(walk.errors[1].message, Catch::Contains("cannot open"));
  CHECK(an::collect_jobs(std::vector<std::string>{root}, true).jobs.size() == 5);  // + raw.bin

  const an::RatioPlan plan = zvc_plan();
  const auto outcomes =
      an::run_jobs(walk.jobs, [](const an::Job& job) { return load(job.path); }, {}, plan, 3);
  REQUIRE(outcomes.size() == 4);
  CHECK(outcomes[0].figures);
  CHECK(outcomes[2].figures);
  CHECK(outcomes[3].failure);
  CHECK_THROWS_AS(std::rethrow_exception(outcomes[3].failure), an::InputError);

  const an::Report r = an::build_report(walk.jobs, outcomes, plan);
  REQUIRE(r.tensors.size() == 3);
  std::map<std::string, const an::Figures*> pools;
  for (const an::Figures& d : r.directories) pools[d.name] = &d;
  REQUIRE(pools.size() == 4);  // root, net, net/early, net/final
  CHECK(pools[root]->tensors == 3);
  CHECK(pools[root + "/net/early"]->tensors == 2);
  CHECK(an::density(pools[root + "/net/early"]->zeros) == 16.0 / 128.0);
  CHECK(an::density(r.total.zeros) == 80.0 / 192.0);
  CHECK(r.total.channels->zero_channels == 2);  // channels 1 and 3
  CHECK(r.total.channels->zero_maps == 2);
  CHECK(r.tensors[0].channels->layout == "nchw");

  const std::string csv = an::format_csv(r);
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 1 + 3 + 4 + 1);
  const auto header_commas = std::count(csv.begin(), csv.begin() + csv.find('\n'), ',');
  CHECK(header_commas == 20 + 3 + 2);  // fixed figures, one ratio per method, best
  const std::string json = an::format_json(r);
  CHECK_THAT(json, Catch::Contains("\"kind\":\"total\"") &&
                       Catch::Contains("\"method\":\"zvc/1\"") &&
                       Catch::Contains("\"long_run_min\":32"));
  CHECK(std::count(json.begin(), json.end(), '{') == std::count(json.begin(), json.end(), '}'));
  const std::string table = an::format_table(r);
  CHECK_THAT(table, Catch::Contains("00_a.npy") && Catch::Contains("total"));
  const std::string svg = an::plot_svg(r);
  CHECK_THAT(svg, Catch::StartsWith("<?xml") && Catch::EndsWith("</svg>\n"));
  const auto count = [&](const std::string& what) {
    size_t k = 0;
    for (size_t p = svg.find(what); p != std::string::npos; p = svg.find(what, p + 1)) ++k;
    return k;
  };
  CHECK(count("<polyline") == 2 * 3);  // two panels, three series each
  CHECK(count("density (left axis)") == 1);
}

TEST_CASE("analyze: SVG text is escaped", "[analyze][run]") {
  const an::RatioPlan plan = zvc_plan();
  an::RatioMeter meter(plan);
  an::Figures f = an::analyze_tensor("a&b<c>.npy", f32_npy({1.0f}, "(1,)"), {}, meter);
  const std::vector<an::Job> jobs{{"a&b<c>.npy", "dir\"'", {"dir\"'"}, std::nullopt}};
  std::vector<an::Outcome> outcomes(1);
  outcomes[0].figures = f;
  const std::string svg = an::plot_svg(an::build_report(jobs, outcomes, plan));
  CHECK_THAT(svg, Catch::Contains("a&amp;b&lt;c&gt;") && Catch::Contains("dir&quot;&apos;"));
  CHECK(svg.find("a&b") == std::string::npos);
}

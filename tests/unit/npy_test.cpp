// The .npy header parser (lib/tensorio): every header NumPy writes is read
// with the right fields, and every malformed one is refused with its own
// message, so that a user learns what is wrong with the file.
#include <catch2/catch.hpp>

#include "npy_builder.hpp"
#include "tensorio/dtype.hpp"
#include "tensorio/npy.hpp"
#include "tensorio/shape.hpp"

namespace {

using cdma::test::npy_bytes;
using cdma::test::npy_dict;
namespace tio = cdma::tensorio;

tio::NpyHeader parse_ok(const std::vector<uint8_t>& bytes) {
  std::string error;
  const auto h = tio::parse_npy_header(bytes, error);
  INFO(error);
  REQUIRE(h);
  return *h;
}

// The error of a header that must be refused.
std::string parse_error(const std::vector<uint8_t>& bytes) {
  std::string error;
  const auto h = tio::parse_npy_header(bytes, error);
  CHECK_FALSE(h);
  return error;
}

std::string dict_error(const std::string& dict) { return parse_error(npy_bytes(1, dict)); }

std::string descr_error(const std::string& descr) {
  return dict_error(npy_dict(descr, "(1,)"));
}

}  // namespace

TEST_CASE("npy: versions 1.0, 2.0 and 3.0", "[npy]") {
  for (const unsigned major : {1u, 2u, 3u}) {
    const auto bytes = npy_bytes(major, npy_dict("<f4", "(4, 8)"), std::vector<uint8_t>(128));
    const auto h = parse_ok(bytes);
    CHECK(h.major == major);
    CHECK(h.minor == 0);
    // NumPy pads magic, version, length and dict to a multiple of 64.
    CHECK(h.data_offset == 128);
    CHECK(h.header_len == (major == 1 ? 118u : 116u));
    CHECK(h.shape == std::vector<uint64_t>{4, 8});
    CHECK(h.element_count == 32);
    CHECK(h.data_size == 128);
    std::string error;
    CHECK(tio::check_npy_data_size(h, bytes.size(), error));
  }
}

TEST_CASE("npy: legacy 16-byte alignment and unpadded headers", "[npy]") {
  const auto h16 = parse_ok(npy_bytes(1, npy_dict("<f4", "(3,)"), {}, 16));
  CHECK(h16.data_offset % 16 == 0);
  CHECK(h16.data_offset == 80);
  // A reader must not assume any alignment at all.
  const auto h1 = parse_ok(npy_bytes(1, npy_dict("<f4", "(3,)"), {}, 1));
  CHECK(h1.data_offset == 10 + npy_dict("<f4", "(3,)").size() + 1);
}

TEST_CASE("npy: v3 headers are UTF-8", "[npy]") {
  // A structured field name outside Latin-1, as only v3 can hold.
  const auto h = parse_ok(
      npy_bytes(3, "{'descr': [('\xe2\x82\xac', '<f4')], 'fortran_order': False, 'shape': (2,), }"));
  CHECK(h.dtype.structured);
  CHECK(h.dtype.itemsize == 4);
}

TEST_CASE("npy: type strings in both byte orders", "[npy]") {
  struct Case {
    const char* descr;
    char kind;
    tio::ByteOrder order;
    uint64_t itemsize;
    const char* name;
  };
  const auto L = tio::ByteOrder::little, B = tio::ByteOrder::big,
             N = tio::ByteOrder::not_applicable;
  const Case cases[] = {
      {"<f4", 'f', L, 4, "f32"},   {">f4", 'f', B, 4, ""},      {"|u1", 'u', N, 1, "u8"},
      {"|b1", 'b', N, 1, "bool"},  {"<f2", 'f', L, 2, "f16"},   {"<f8", 'f', L, 8, "f64"},
      {">f8", 'f', B, 8, ""},      {"<i8", 'i', L, 8, "i64"},   {">i2", 'i', B, 2, ""},
      {"|i1", 'i', N, 1, "i8"},    {"<u2", 'u', L, 2, "u16"},   {"<u4", 'u', L, 4, "u32"},
      {"<u8", 'u', L, 8, "u64"},   {"<i4", 'i', L, 4, "i32"},   {"<i2", 'i', L, 2, "i16"},
      {"<c8", 'c', L, 8, ""},      {"<c16", 'c', L, 16, ""},    {"<U5", 'U', L, 20, ""},
      {"|S10", 'S', N, 10, ""},    {"|a3", 'S', N, 3, ""},      {"|V3", 'V', N, 3, ""},
      {"<V2", 'V', L, 2, ""},      {"<M8[ns]", 'M', L, 8, ""},  {"<m8[25s]", 'm', L, 8, ""},
      {"<f16", 'f', L, 16, ""},    {"u1", 'u', N, 1, "u8"},
  };
  for (const Case& c : cases) {
    INFO(c.descr);
    const auto h = parse_ok(npy_bytes(1, npy_dict(c.descr, "(1,)")));
    CHECK(h.dtype.descr == c.descr);
    CHECK(h.dtype.kind == c.kind);
    CHECK(h.dtype.byte_order == c.order);
    CHECK(h.dtype.itemsize == c.itemsize);
    CHECK_FALSE(h.dtype.structured);
    CHECK(tio::dtype_for_npy(h.dtype) == c.name);
  }
  // '=' is the reader's own order: little-endian on every machine cdma runs on.
  CHECK(parse_ok(npy_bytes(1, npy_dict("=f4", "(1,)"))).dtype.byte_order == L);
}

TEST_CASE("npy: structured dtypes", "[npy]") {
  const auto h = parse_ok(npy_bytes(
      1, "{'descr': [('a', '<f4'), ('b', '|V3'), ('c', '<i2', (2,)), (('title', 'd'), [('x', "
         "'<u8')])], 'fortran_order': False, 'shape': (5,), }"));
  CHECK(h.dtype.structured);
  CHECK(h.dtype.kind == 'V');
  CHECK(h.dtype.itemsize == 4 + 3 + 4 + 8);
  CHECK(tio::dtype_for_npy(h.dtype).empty());
}

TEST_CASE("npy: fortran_order, 0-d, empty and very large shapes", "[npy]") {
  CHECK(parse_ok(npy_bytes(1, npy_dict("<f4", "(3, 5)", true))).fortran_order);
  CHECK_FALSE(parse_ok(npy_bytes(1, npy_dict("<f4", "(3, 5)"))).fortran_order);

  const auto scalar = parse_ok(npy_bytes(1, npy_dict("<f4", "()"), std::vector<uint8_t>(4)));
  CHECK(scalar.shape.empty());
  CHECK(scalar.element_count == 1);
  CHECK(scalar.data_size == 4);

  const auto empty = parse_ok(npy_bytes(1, npy_dict("<f8", "(0, 7)")));
  CHECK(empty.element_count == 0);
  CHECK(empty.data_size == 0);
  // A zero dimension makes the count 0 even when the others overflow.
  CHECK(parse_ok(npy_bytes(1, npy_dict("<f8", "(0, 4294967296, 4294967296)"))).data_size == 0);

  // Large shapes are parsed exactly; the missing data is then the error.
  const auto big = parse_ok(npy_bytes(1, npy_dict("|u1", "(1099511627776, 1048576)")));
  CHECK(big.data_size == (uint64_t{1} << 60));
  std::string error;
  CHECK_FALSE(tio::check_npy_data_size(big, 1000, error));
  CHECK_THAT(error, Catch::Contains("truncated") &&
                        Catch::Contains("needs 1152921504606846976 data bytes"));
  // More dimensions than a frame records (32) are fine in a .npy.
  std::string shape = "(";
  for (int i = 0; i < 40; ++i) shape += "1, ";
  CHECK(parse_ok(npy_bytes(2, npy_dict("<f4", shape + ")"))).shape.size() == 40);
}

TEST_CASE("npy: Python literal forms NumPy's reader accepts", "[npy]") {
  // Double quotes, no trailing comma, odd spacing, keys in any order.
  CHECK(parse_ok(npy_bytes(1, "{\"shape\":(2,),\"fortran_order\":False,\"descr\":\"<f4\"}"))
            .element_count == 2);
  CHECK(parse_ok(npy_bytes(1, "{ 'descr' : '<f4' ,\t'fortran_order' : True , 'shape' : ( 2 , 3 ) }"))
            .element_count == 6);
  // "(4)" is a parenthesised integer, not a tuple.
  CHECK_THAT(dict_error(npy_dict("<f4", "(4)")), Catch::Contains("'shape' must be a tuple, not an integer"));
}

TEST_CASE("npy: malformed preambles", "[npy][errors]") {
  CHECK_THAT(parse_error({'n', 'o', 't', ' ', 'n', 'p', 'y', '!'}),
             Catch::Contains("not a .npy file (no \\x93NUMPY magic)"));
  CHECK_THAT(parse_error({0x93, 'N', 'U', 'M', 'P', 'Y', 1}),
             Catch::Contains("truncated inside its version bytes"));
  CHECK_THAT(parse_error(npy_bytes(4, npy_dict("<f4", "(1,)"))),
             Catch::Contains("unsupported .npy format version 4.0"));
  CHECK_THAT(parse_error(npy_bytes(1, npy_dict("<f4", "(1,)"), {}, 64, 1)),
             Catch::Contains("unsupported .npy format version 1.1"));
  CHECK_THAT(parse_error(npy_bytes(0, npy_dict("<f4", "(1,)"))),
             Catch::Contains("unsupported .npy format version 0.0"));
  CHECK_THAT(parse_error({0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, 0x10, 0}),
             Catch::Contains("truncated inside its header length"));
}

TEST_CASE("npy: header length limits", "[npy][errors]") {
  // NumPy's limit for untrusted files is 10000 bytes; 10000 itself is fine.
  std::vector<uint8_t> at_limit = {0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, 0x10, 0x27, 0, 0};
  const std::string dict = npy_dict("<f4", "(0,)");
  at_limit.insert(at_limit.end(), dict.begin(), dict.end());
  at_limit.resize(12 + 10000 - 1, ' ');
  at_limit.push_back('\n');
  CHECK(parse_ok(at_limit).header_len == 10000);

  std::vector<uint8_t> over = {0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, 0x11, 0x27, 0, 0};
  over.resize(12 + 10001, ' ');
  CHECK_THAT(parse_error(over),
             Catch::Contains("10001 bytes, over the 10000-byte limit NumPy applies"));
  // A 4 GiB length field must be refused before anything is read.
  std::vector<uint8_t> huge = {0x93, 'N', 'U', 'M', 'P', 'Y', 3, 0, 0xff, 0xff, 0xff, 0xff};
  CHECK_THAT(parse_error(huge), Catch::Contains("4294967295 bytes, over the 10000-byte limit"));

  std::vector<uint8_t> cut = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 0x00, 0x01, '{'};
  CHECK_THAT(parse_error(cut), Catch::Contains("header says 256 bytes but the file has only 1"));
}

TEST_CASE("npy: malformed dicts", "[npy][errors]") {
  CHECK_THAT(dict_error("{'descr': '<f4', 'fortran_order': False, 'shape': (1,)"),
             Catch::Contains("not a Python literal") && Catch::Contains("expected ','"));
  CHECK_THAT(dict_error("['descr', '<f4']"), Catch::Contains(".npy header: not a dict but a list"));
  CHECK_THAT(dict_error("{'descr': '<f4', 'fortran_order': False}"),
             Catch::Contains("missing key 'shape'"));
  CHECK_THAT(dict_error("{'fortran_order': False, 'shape': ()}"),
             Catch::Contains("missing key 'descr'"));
  CHECK_THAT(dict_error("{'descr': '<f4', 'shape': ()}"),
             Catch::Contains("missing key 'fortran_order'"));
  CHECK_THAT(dict_error("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'extra': 1}"),
             Catch::Contains("unexpected key 'extra' (a .npy header has exactly descr, "
                             "fortran_order and shape)"));
  CHECK_THAT(dict_error("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': ()}"),
             Catch::Contains("key 'descr' repeated"));
  CHECK_THAT(dict_error("{'descr': '<f4', 'fortran_order': 0, 'shape': (1,)}"),
             Catch::Contains("'fortran_order' must be True or False, not an integer"));
  CHECK_THAT(dict_error("{'descr': '<f4', 'fortran_order': 'False', 'shape': (1,)}"),
             Catch::Contains("'fortran_order' must be True or False, not a string"));
  CHECK_THAT(dict_error(npy_dict("<f4", "[4]")),
             Catch::Contains("'shape' must be a tuple, not a list"));
  CHECK_THAT(dict_error(npy_dict("<f4", "(-1,)")),
             Catch::Contains("'shape' must hold non-negative integers"));
  CHECK_THAT(dict_error(npy_dict("<f4", "('4',)")),
             Catch::Contains("'shape' must hold non-negative integers"));
  CHECK_THAT(dict_error(npy_dict("<f8", "(4294967296, 4294967296)")),
             Catch::Contains("shape 4294967296x4294967296 with 8-byte elements overflows 64 bits"));
  CHECK_THAT(dict_error(npy_dict("<f4", "(18446744073709551616,)")),
             Catch::Contains("integer does not fit in 64 bits"));
}

TEST_CASE("npy: malformed Python literals", "[npy][errors]") {
  CHECK_THAT(dict_error("{'descr': '<f4}"), Catch::Contains("newline inside a string"));
  const std::vector<uint8_t> unterminated = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 4, 0,
                                             '{', '\'', 'd', 'e'};
  CHECK_THAT(parse_error(unterminated), Catch::Contains("unterminated string at offset 4"));
  CHECK_THAT(dict_error("{'descr': '<f4\\q'}"), Catch::Contains("unsupported escape '\\q'"));
  CHECK_THAT(dict_error("{'descr': '\\x4'}"), Catch::Contains("bad \\x escape"));
  CHECK_THAT(dict_error("{1: '<f4'}"), Catch::Contains("dict keys must be strings"));
  CHECK_THAT(dict_error("{'descr': None}"), Catch::Contains("expected a string, integer, True"));
  CHECK_THAT(dict_error("{'descr': Truex}"), Catch::Contains("expected a string, integer, True"));
  CHECK_THAT(dict_error(npy_dict("<f4", "(1,)") + " 7"),
             Catch::Contains("unexpected text after the literal"));
  CHECK_THAT(dict_error("{'descr': -}"), Catch::Contains("expected digits"));
  CHECK_THAT(dict_error(""), Catch::Contains("unexpected end of header"));
  const std::string deep = std::string(100, '[') + std::string(100, ']');
  CHECK_THAT(dict_error("{'descr': " + deep + "}"), Catch::Contains("literal nested too deeply"));
}

TEST_CASE("npy: refused descr values", "[npy][errors]") {
  CHECK_THAT(descr_error("|O"), Catch::Contains("descr '|O' is an object array") &&
                                    Catch::Contains("save a numeric array instead"));
  CHECK_THAT(descr_error("<"), Catch::Contains("descr '<' has no type letter"));
  CHECK_THAT(descr_error("<f"), Catch::Contains("descr '<f' has no item size"));
  CHECK_THAT(descr_error("<f3"), Catch::Contains("descr '<f3' is not a NumPy type string"));
  CHECK_THAT(descr_error("<i3"), Catch::Contains("descr '<i3' is not a NumPy type string"));
  CHECK_THAT(descr_error("|b2"), Catch::Contains("descr '|b2' is not a NumPy type string"));
  CHECK_THAT(descr_error("<q8"), Catch::Contains("descr '<q8' is not a NumPy type string"));
  CHECK_THAT(descr_error("<f4x"), Catch::Contains("descr '<f4x' is not a NumPy type string"));
  CHECK_THAT(descr_error("<M8[ns"), Catch::Contains("descr '<M8[ns' is not a NumPy type string"));
  CHECK_THAT(descr_error("<f8[ns]"), Catch::Contains("descr '<f8[ns]' is not a NumPy type string"));
  CHECK_THAT(descr_error("|V0"), Catch::Contains("has zero-width elements"));
  CHECK_THAT(descr_error("|V99999999999999999999"),
             Catch::Contains("has an item size that overflows"));
  CHECK_THAT(descr_error("<U4611686018427387904"),
             Catch::Contains("has an item size that overflows"));
  CHECK_THAT(dict_error("{'descr': 4, 'fortran_order': False, 'shape': (1,)}"),
             Catch::Contains("descr must be a string or a list of fields, not an integer"));
  CHECK_THAT(dict_error("{'descr': [('a',)], 'fortran_order': False, 'shape': (1,)}"),
             Catch::Contains("each field must be (name, descr) or (name, descr, shape)"));
  CHECK_THAT(dict_error("{'descr': [('a', '<f4', (-2,))], 'fortran_order': False, 'shape': (1,)}"),
             Catch::Contains("descr field shape must hold non-negative integers"));
  CHECK_THAT(dict_error("{'descr': [], 'fortran_order': False, 'shape': (1,)}"),
             Catch::Contains("structured dtype with zero-width elements"));
  CHECK_THAT(dict_error("{'descr': [('a', '|V4294967296', (4294967296,))], 'fortran_order': "
                        "False, 'shape': (1,)}"),
             Catch::Contains("descr field sizes overflow 64 bits"));
}

TEST_CASE("npy: data length must match the shape", "[npy][errors]") {
  const auto h = parse_ok(npy_bytes(1, npy_dict("<f4", "(10, 10)")));
  std::string error;
  CHECK(tio::check_npy_data_size(h, h.data_offset + 400, error));
  CHECK_FALSE(tio::check_npy_data_size(h, h.data_offset + 399, error));
  CHECK(error == ".npy file truncated: shape 10x10 needs 400 data bytes, the file has 399");
  CHECK_FALSE(tio::check_npy_data_size(h, h.data_offset + 401, error));
  CHECK(error == ".npy file has 1 bytes after the data that shape 10x10 holds");
}

TEST_CASE("dtype: names, widths and the ZVC width fallback", "[dtype]") {
  CHECK(tio::dtype_names() == "f64 f32 f16 bf16 f8e4m3 f8e5m2 i8 u8 i16 u16 i32 u32 i64 u64 bool");
  CHECK(tio::dtype_table().size() == 15);
  CHECK(tio::dtype_width("bf16") == 2u);
  CHECK(tio::dtype_width("f8e4m3") == 1u);
  CHECK(tio::dtype_width("f8e5m2") == 1u);
  CHECK(tio::dtype_width("u64") == 8u);
  CHECK_FALSE(tio::dtype_width("f128"));
  // Supported widths pass through; others take the largest of 8/4/2/1
  // dividing the item size.
  const std::pair<uint64_t, unsigned> widths[] = {
      {1, 1}, {2, 2}, {4, 4}, {8, 8}, {3, 1}, {5, 1}, {6, 2}, {10, 2},
      {12, 4}, {16, 8}, {20, 4}, {24, 8}, {32, 8}, {7, 1}, {14, 2}};
  for (const auto& [itemsize, width] : widths) {
    INFO(itemsize);
    CHECK(tio::zvc_element_width(itemsize) == width);
  }
}

TEST_CASE("shape: parsing and formatting", "[shape]") {
  std::string error;
  CHECK(tio::parse_shape("8,16,32,32", error) == std::vector<uint64_t>{8, 16, 32, 32});
  CHECK(tio::parse_shape("8x16", error) == std::vector<uint64_t>{8, 16});
  CHECK(tio::parse_shape("()", error) == std::vector<uint64_t>{});  // format_shape's 0-d
  CHECK_FALSE(tio::parse_shape("(8)", error));
  CHECK_FALSE(tio::parse_shape("8,,16", error));
  CHECK_THAT(error, Catch::Contains("expected decimal dimensions"));
  CHECK_FALSE(tio::parse_shape("8;16", error));
  CHECK_THAT(error, Catch::Contains("unexpected ';'"));
  CHECK_FALSE(tio::parse_shape("99999999999999999999", error));
  CHECK_THAT(error, Catch::Contains("dimension too large"));
  CHECK(tio::format_shape(std::vector<uint64_t>{}) == "()");
  CHECK(tio::format_shape(std::vector<uint64_t>{8, 16}) == "8x16");
}

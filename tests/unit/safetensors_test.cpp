// The safetensors header reader (lib/tensorio/safetensors.hpp) and the JSON
// reader under it (lib/json): every rule of the format, accepted and refused.
#include <catch2/catch.hpp>

#include <cstring>
#include <string>
#include <vector>

#include "json/json_value.hpp"
#include "tensorio/safetensors.hpp"

namespace {

namespace tio = cdma::tensorio;

// The 8 + N header bytes for `json`.
std::vector<uint8_t> header(const std::string& json) {
  std::vector<uint8_t> h(8 + json.size());
  const uint64_t n = json.size();
  for (int i = 0; i < 8; ++i) h[i] = static_cast<uint8_t>(n >> (8 * i));
  std::memcpy(h.data() + 8, json.data(), json.size());
  return h;
}

// The error for `json` as the header of a file with `data` bytes of tensors.
std::string refused(const std::string& json, uint64_t data) {
  const auto h = header(json);
  std::string error;
  CHECK_FALSE(tio::parse_safetensors(h, h.size() + data, error));
  return error;
}

tio::SafetensorsLayout accepted(const std::string& json, uint64_t data) {
  const auto h = header(json);
  std::string error;
  const auto layout = tio::parse_safetensors(h, h.size() + data, error);
  INFO(error);
  REQUIRE(layout);
  return *layout;
}

}  // namespace

TEST_CASE("safetensors: tensors come back in the order of their bytes") {
  const auto l = accepted(R"({"__metadata__":{"format":"pt"},)"
                          R"("b":{"dtype":"BF16","shape":[2,3],"data_offsets":[8,20]},)"
                          R"("a":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},)"
                          R"("z":{"dtype":"F32","shape":[0],"data_offsets":[20,20]}}    )",
                          20);
  REQUIRE(l.tensors.size() == 3);
  CHECK(l.tensors[0].name == "a");
  CHECK(l.tensors[0].cdma_dtype == "f64");
  CHECK(l.tensors[1].name == "b");
  CHECK(l.tensors[1].itemsize == 2);
  CHECK(l.tensors[1].shape == std::vector<uint64_t>{2, 3});
  CHECK(l.tensors[2].name == "z");
  CHECK(accepted("{}", 0).tensors.empty());
  // A name in UTF-8, and one written with a surrogate-pair escape.
  CHECK(accepted("{\"\xc3\xa9\\ud83d\\ude00\":{\"dtype\":\"U8\",\"shape\":[],\"data_offsets\":[0,1]}}", 1)
            .tensors[0].name == "\xc3\xa9\xf0\x9f\x98\x80");
}

TEST_CASE("safetensors: header length past the end or over the limit") {
  std::string error;
  auto h = header("{}");
  CHECK_FALSE(tio::parse_safetensors(h, h.size() - 1, error));
  CHECK(error.find("past the end") != std::string::npos);
  h[7] = 0x7f;
  CHECK_FALSE(tio::safetensors_header_length(h, UINT64_MAX, error));
  CHECK(error.find("over the limit") != std::string::npos);
  CHECK_FALSE(tio::safetensors_header_length(std::vector<uint8_t>(5), 5, error));
}

TEST_CASE("safetensors: malformed headers name the tensor") {
  const std::string a = R"("a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]})";
  CHECK(refused("{" + a + R"(,"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})", 8)
            .find("tensor \"b\": data_offsets [4, 8] overlap") != std::string::npos);
  CHECK(refused("{" + a + R"(,"b":{"dtype":"F32","shape":[1],"data_offsets":[12,16]}})", 16)
            .find("tensor \"b\": data_offsets [12, 16] leave a gap") != std::string::npos);
  CHECK(refused(R"({"a":{"dtype":"F32","shape":[0],"data_offsets":[8,0]}})", 8)
            .find("tensor \"a\": \"data_offsets\" out of order") != std::string::npos);
  CHECK(refused("{" + a + "}", 12).find("end at 8 but the file holds 12") != std::string::npos);
  CHECK(refused("{" + a + "}", 4).find("end at 8 but the file holds 4") != std::string::npos);
  CHECK(refused(R"({"a":{"dtype":"F4","shape":[2],"data_offsets":[0,1]}})", 1)
            .find("tensor \"a\": unknown dtype \"F4\"") != std::string::npos);
  CHECK(refused(R"({"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", 8)
            .find("tensor \"a\": shape 3 of F32 does not fill its 8 bytes") != std::string::npos);
  CHECK(refused(R"({"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}})", 8)
            .find("tensor \"a\": \"shape\"") != std::string::npos);
  CHECK(refused(R"({"a":{"dtype":"F32","shape":[2.0],"data_offsets":[0,8]}})", 8)
            .find("tensor \"a\": \"shape\"") != std::string::npos);
  CHECK(refused(R"({"a":{"dtype":"F32","shape":[2]}})", 8).find("missing \"data_offsets\"") !=
        std::string::npos);
  CHECK(refused(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8],"x":1}})", 8)
            .find("unknown field \"x\"") != std::string::npos);
  CHECK(refused("{" + a + "," + a + "}", 8).find("tensor \"a\" appears twice") != std::string::npos);
  // 2^62 elements of 4 bytes overflow 64 bits.
  CHECK(refused(R"({"a":{"dtype":"F32","shape":[4611686018427387904],"data_offsets":[0,0]}})", 0)
            .find("does not fill") != std::string::npos);
  CHECK(refused(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,18446744073709551616]}})", 0)
            .find("\"data_offsets\" is not") != std::string::npos);
}

TEST_CASE("safetensors: metadata, JSON and UTF-8") {
  CHECK(refused(R"({"__metadata__":{"a":1}})", 0).find("\"__metadata__\" entry \"a\"") != std::string::npos);
  CHECK(refused(R"({"__metadata__":[]})", 0).find("\"__metadata__\" is not") != std::string::npos);
  CHECK(refused(R"([])", 0).find("start with '{'") != std::string::npos);
  CHECK(refused(R"({"a":})", 0).find("not valid JSON") != std::string::npos);
  CHECK(refused(R"({} x)", 0).find("trailing") != std::string::npos);
  CHECK(refused("{\"\xff\":1}", 0).find("UTF-8") != std::string::npos);
  CHECK(refused("{\"\xc0\xaf\":1}", 0).find("UTF-8") != std::string::npos);        // overlong
  CHECK(refused("{\"\xed\xa0\x80\":1}", 0).find("UTF-8") != std::string::npos);    // surrogate
  CHECK(refused("{\"\\ud800\":1}", 0).find("surrogate") != std::string::npos);
  CHECK(accepted(R"({"__metadata__":null})", 0).tensors.empty());
}

TEST_CASE("json: escapes decode to UTF-8") {
  const auto v = cdma::json::parse_json(R"(["\u00e9\u20ac\n"])", 10);
  REQUIRE(v.items.size() == 1);
  CHECK(v.items[0].text == "\xc3\xa9\xe2\x82\xac\n");
  CHECK_THROWS_AS(cdma::json::parse_json("[1,]", 10), cdma::json::JsonError);
  CHECK_THROWS_WITH(cdma::json::parse_json("[1,2,3]", 3), Catch::Contains("more than 3 values"));
}

// The C API surface: versions, error names, parameter bounds, tensor
// metadata, frame info, and the C++ wrapper.
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>
#include <hwy/targets.h>

#include "cdma/cdma.h"
#include "cdma/cdma.hpp"
#include "simd/dispatch.hpp"
#include "support/sparse_gen.hpp"

TEST_CASE("version and error names", "[api]") {
  REQUIRE(cdma_version_number() == CDMA_VERSION_NUMBER);
  REQUIRE(std::string(cdma_version_string()) == "0.1.0");
  REQUIRE(cdma_is_error(0) == 0);
  const size_t err = static_cast<size_t>(0) - CDMA_ERROR_checksum_wrong;
  REQUIRE(cdma_is_error(err) == 1);
  REQUIRE(cdma_get_error_code(err) == CDMA_ERROR_checksum_wrong);
  REQUIRE(std::string(cdma_error_name(err)) == "Content checksum is wrong");
  REQUIRE(std::string(cdma_error_name(0)) == "No error detected");
  // Pinned values: changing one breaks every caller compiled against 0.1.
  REQUIRE(CDMA_ERROR_prefix_unknown == 10);
  REQUIRE(CDMA_ERROR_checksum_wrong == 22);
  REQUIRE(CDMA_ERROR_dst_too_small == 30);
}

TEST_CASE("the SIMD target in use is named", "[api]") {
  const char* name = cdma_simd_target();
  REQUIRE(name != nullptr);
  REQUIRE(cdma_simd_target() == name);  // a static string
  // One of the targets this CPU may use under the cap, by Highway's name
  // (allowed_targets, not hwy::SupportedTargets, which would undo the cap).
  bool allowed = false;
  for (int64_t targets = cdma::simd::allowed_targets(); targets != 0; targets &= targets - 1)
    allowed |= std::string(name) == hwy::TargetName(targets & -targets);
  REQUIRE(allowed);
}

TEST_CASE("the SIMD summary names the target, then the kernels, like snprintf", "[api]") {
  const std::string target = cdma_simd_target();
  const size_t n = cdma_simd_summary(nullptr, 0);
  std::string full(n, '\0');
  REQUIRE(cdma_simd_summary(full.data(), n + 1) == n);
  REQUIRE(full == cdma::simd::dispatch_summary());
  REQUIRE(full.compare(0, target.size(), target) == 0);
  // Too small a buffer: truncated, still terminated, full length returned.
  char small[4] = {'x', 'x', 'x', 'x'};
  REQUIRE(cdma_simd_summary(small, sizeof small) == n);
  REQUIRE(std::string(small) == full.substr(0, 3));
}

TEST_CASE("parameters are bounded and validated", "[api]") {
  cdma_cctx* c = cdma_cctx_create();
  REQUIRE(c != nullptr);
  const cdma_bounds b = cdma_param_get_bounds(CDMA_P_BLOCK_LOG);
  REQUIRE(b.error == 0);
  REQUIRE(b.lower == 12);
  REQUIRE(b.upper == 24);
  REQUIRE(cdma_get_error_code(cdma_cctx_set_param(c, CDMA_P_BLOCK_LOG, 25)) ==
          CDMA_ERROR_parameter_out_of_bound);
  REQUIRE(cdma_get_error_code(cdma_cctx_set_param(c, CDMA_P_ELEMENT_WIDTH, 3)) ==
          CDMA_ERROR_parameter_out_of_bound);
  REQUIRE(cdma_get_error_code(cdma_cctx_set_param(c, static_cast<cdma_param>(999), 1)) ==
          CDMA_ERROR_parameter_unsupported);
  REQUIRE(cdma_get_error_code(cdma_cctx_set_param(c, CDMA_P_CODEC, 77)) ==
          CDMA_ERROR_parameter_out_of_bound);
  REQUIRE(cdma_cctx_set_param(c, CDMA_P_ELEMENT_WIDTH, 2) == 0);
  int64_t v = 0;
  REQUIRE(cdma_cctx_get_param(c, CDMA_P_ELEMENT_WIDTH, &v) == 0);
  REQUIRE(v == 2);
  REQUIRE(cdma_cctx_reset(c) == 0);
  REQUIRE(cdma_cctx_get_param(c, CDMA_P_ELEMENT_WIDTH, &v) == 0);
  REQUIRE(v == 4);
  cdma_cctx_free(c);
  REQUIRE(cdma_get_error_code(cdma_compress(nullptr, 10, "x", 1, 4, 0)) == CDMA_ERROR_null_argument);
  REQUIRE(cdma_get_error_code(cdma_compress(nullptr, 0, nullptr, 0, 5, 0)) ==
          CDMA_ERROR_parameter_out_of_bound);
}

TEST_CASE("the parameter checks take exactly the codecs and widths cdma.h lists", "[api]") {
  // Every codec id but ZERO (which only the library picks), and AUTO.
  for (int64_t id = 0; id <= 255; ++id) {
    INFO("codec " << id);
    const bool listed = id == CDMA_CODEC_STORE || (id >= CDMA_CODEC_ZVC && id <= CDMA_CODEC_LZ4) ||
                        id == CDMA_CODEC_AUTO;
    REQUIRE((cdma_param_check(CDMA_P_CODEC, id) == 0) == listed);
  }
  for (int64_t width = 0; width <= 9; ++width) {
    INFO("width " << width);
    const bool listed = width == 1 || width == 2 || width == 4 || width == 8;
    REQUIRE((cdma_param_check(CDMA_P_ELEMENT_WIDTH, width) == 0) == listed);
  }
}

TEST_CASE("codec names and ids, both ways", "[api]") {
  const std::vector<std::pair<int, std::string>> listed = {
      {CDMA_CODEC_STORE, "store"}, {CDMA_CODEC_ZERO, "zero"}, {CDMA_CODEC_ZVC, "zvc"},
      {CDMA_CODEC_ZRLE, "zrle"},   {CDMA_CODEC_SPLIT, "split"}, {CDMA_CODEC_ZSTD, "zstd"},
      {CDMA_CODEC_LZ4, "lz4"},     {CDMA_CODEC_AUTO, "auto"}};
  for (const auto& [id, name] : listed) {
    INFO(name);
    REQUIRE(cdma_codec_name(id) != nullptr);
    REQUIRE(cdma_codec_name(id) == name);
    REQUIRE(cdma_codec_from_name(name.c_str()) == id);
  }
  for (int id = -1; id <= 256; ++id) {
    INFO("id " << id);
    const bool known = id >= CDMA_CODEC_STORE && (id <= CDMA_CODEC_LZ4 || id == CDMA_CODEC_AUTO);
    REQUIRE((cdma_codec_name(id) != nullptr) == known);
  }
  for (const char* name : {"", "ZVC", "zvc ", "none", "unknown"}) REQUIRE(cdma_codec_from_name(name) == -1);
  REQUIRE(cdma_codec_from_name(nullptr) == -1);
}

TEST_CASE("cdma_compress_bound adds what cdma.h says", "[api]") {
  // 12 bytes per 4 KiB block (at least one), 24 of frame header, 8 of
  // content checksum.
  REQUIRE(cdma_compress_bound(0) == 12 + 32);
  REQUIRE(cdma_compress_bound(4096) == 4096 + 12 + 32);
  REQUIRE(cdma_compress_bound(4097) == 4097 + 2 * 12 + 32);
  REQUIRE(cdma_compress_bound(size_t{1} << 20) == (size_t{1} << 20) + 256 * 12 + 32);
}

TEST_CASE("tensor metadata and file prefix travel in the frame", "[api]") {
  const auto src = cdma::test::sparse_bytes(2 * 3 * 4 * 4, 4, 0.5, cdma::test::Layout::kRandom, 1);
  cdma_cctx* c = cdma_cctx_create();
  const uint64_t dims[3] = {2, 3, 4};
  REQUIRE(cdma_cctx_set_tensor(c, "bf16", 1, dims, 3) == 0);
  const std::string prefix = "\x93NUMPY fake header\n";
  REQUIRE(cdma_cctx_set_file_prefix(c, prefix.data(), prefix.size()) == 0);
  REQUIRE(cdma_get_error_code(cdma_cctx_set_tensor(c, "a name that is too long", 0, nullptr, 0)) ==
          CDMA_ERROR_metadata_invalid);
  std::vector<uint8_t> frame(cdma_cctx_compress_bound(c, src.size()));
  const size_t n = cdma_compress_cctx(c, frame.data(), frame.size(), src.data(), src.size());
  REQUIRE(!cdma_is_error(n));
  cdma_cctx_free(c);

  cdma_frame_info info;
  REQUIRE(cdma_get_frame_info(&info, sizeof info, frame.data(), n) == info.header_size);
  REQUIRE(info.content_size == src.size());
  REQUIRE(info.element_width == 4);
  REQUIRE(info.block_size == 128 * 1024);
  REQUIRE(info.has_checksum == 1);
  REQUIRE(info.has_shape == 1);
  REQUIRE(info.ndim == 3);
  REQUIRE(info.shape[2] == 4);
  REQUIRE(std::string(info.dtype) == "bf16");
  REQUIRE(info.prefix_size == prefix.size());
  REQUIRE(cdma_get_error_code(cdma_get_frame_info(&info, sizeof info - 1, frame.data(), n)) ==
          CDMA_ERROR_parameter_out_of_bound);

  std::string got(prefix.size(), '\0');
  REQUIRE(cdma_get_file_prefix(got.data(), got.size(), frame.data(), n) == prefix.size());
  REQUIRE(got == prefix);
  REQUIRE(cdma_get_error_code(cdma_get_file_prefix(got.data(), 3, frame.data(), n)) ==
          CDMA_ERROR_dst_too_small);
  std::vector<uint8_t> back(src.size());
  REQUIRE(cdma_decompress(back.data(), back.size(), frame.data(), n) == src.size());
  REQUIRE(back == src);
}

TEST_CASE("a 0-d tensor is distinct from no shape", "[api]") {
  cdma_cctx* c = cdma_cctx_create();
  REQUIRE(cdma_cctx_set_tensor(c, "f32", 1, nullptr, 0) == 0);
  const float x = 3.5f;
  std::vector<uint8_t> frame(cdma_cctx_compress_bound(c, 4));
  const size_t n = cdma_compress_cctx(c, frame.data(), frame.size(), &x, 4);
  cdma_cctx_free(c);
  cdma_frame_info info;
  REQUIRE(!cdma_is_error(cdma_get_frame_info(&info, sizeof info, frame.data(), n)));
  REQUIRE(info.has_shape == 1);
  REQUIRE(info.ndim == 0);
}

TEST_CASE("the C++ wrapper round-trips spans and throws on errors", "[api]") {
  const auto src = cdma::test::sparse_bytes(50000, 2, 0.2, cdma::test::Layout::kClustered, 2);
  cdma::Compressor comp;
  comp.set(CDMA_P_ELEMENT_WIDTH, 2);
  const std::vector<uint8_t> frame = comp.compress(std::span<const uint8_t>(src));
  const std::vector<uint8_t> back = cdma::decompress(frame);
  REQUIRE(back == src);
  auto bad = frame;
  bad.back() ^= 1;
  REQUIRE_THROWS_AS(cdma::decompress(bad), cdma::Error);
  try {
    cdma::decompress(bad);
  } catch (const cdma::Error& e) {
    REQUIRE(e.code() == CDMA_ERROR_checksum_wrong);
  }
}

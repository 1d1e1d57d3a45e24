// The consistency rule for a frame's tensor metadata (lib/tensorio/
// frame_tensor.hpp), which `cdma info/test/decompress` and the Python module
// apply: dtype, shape, .npy prefix and content size must agree.
#include <catch2/catch.hpp>

#include "npy_builder.hpp"
#include "tensorio/dtype.hpp"
#include "tensorio/frame_tensor.hpp"

namespace {

using cdma::test::npy_bytes;
using cdma::test::npy_dict;
namespace tio = cdma::tensorio;

// The error for metadata that must be refused ("" when it was accepted).
std::string refused(const tio::FrameTensor& t) {
  std::string error;
  const auto layout = tio::check_frame_tensor(t, error);
  CHECK_FALSE(layout);
  return error;
}

tio::TensorLayout accepted(const tio::FrameTensor& t) {
  std::string error;
  const auto layout = tio::check_frame_tensor(t, error);
  INFO(error);
  REQUIRE(layout);
  return *layout;
}

}  // namespace

TEST_CASE("frame tensor: recorded dtype names", "[frame_tensor]") {
  CHECK(tio::recorded_dtype_itemsize("f32") == 4u);
  CHECK(tio::recorded_dtype_itemsize("c128") == 16u);
  CHECK(tio::recorded_dtype_itemsize("npy:<U5") == 20u);
  CHECK(tio::recorded_dtype_itemsize("npy:<M8[ns]") == 8u);
  CHECK_FALSE(tio::recorded_dtype_itemsize("npy:O"));
  CHECK_FALSE(tio::recorded_dtype_itemsize("npy:|O8"));
  CHECK_FALSE(tio::recorded_dtype_itemsize("npy:"));
  CHECK_FALSE(tio::recorded_dtype_itemsize("f128"));
  CHECK_FALSE(tio::recorded_dtype_itemsize("zz9"));
}

TEST_CASE("frame tensor: dtype and shape against the content size", "[frame_tensor]") {
  const uint64_t dims[] = {3, 4};
  const std::span<const uint64_t> shape(dims);
  CHECK(accepted({"f32", shape, 48, {}}).itemsize == 4);
  CHECK(accepted({"f32", shape, std::nullopt, {}}).itemsize == 4);  // size unknown yet
  CHECK(accepted({"", shape, 96, {}}).itemsize == 0);               // 8-byte items, say
  CHECK(accepted({"u16", std::nullopt, 48, {}}).itemsize == 2);
  CHECK_THAT(refused({"f32", shape, 40, {}}),
             Catch::Contains("shape 3x4 of 4-byte elements needs 48 bytes but the frame holds 40"));
  CHECK_THAT(refused({"npy:O", shape, 48, {}}), Catch::Contains("unknown dtype 'npy:O'"));
  CHECK_THAT(refused({"", shape, 50, {}}), Catch::Contains("does not divide"));
  CHECK_THAT(refused({"npy:|V7", std::nullopt, 48, {}}), Catch::Contains("whole number"));
  const uint64_t huge[] = {uint64_t{1} << 32, uint64_t{1} << 32, 256};
  CHECK_THAT(refused({"u8", std::span<const uint64_t>(huge), 48, {}}),
             Catch::Contains("more than 2^64 bytes"));
  const uint64_t empty[] = {0, 4};
  CHECK_THAT(refused({"", std::span<const uint64_t>(empty), 48, {}}), Catch::Contains("does not divide"));
  CHECK(accepted({"", std::span<const uint64_t>(empty), 0, {}}).itemsize == 0);
}

TEST_CASE("frame tensor: a .npy prefix must describe the same tensor", "[frame_tensor]") {
  const uint64_t dims[] = {3, 4};
  const std::span<const uint64_t> shape(dims);
  const auto f_order = npy_bytes(1, npy_dict("<f4", "(3, 4)", true));
  const tio::TensorLayout layout = accepted({"f32", shape, 48, f_order});
  CHECK(layout.fortran_order());
  CHECK(layout.itemsize == 4);
  CHECK_FALSE(accepted({"f32", shape, 48, npy_bytes(1, npy_dict("<f4", "(3, 4)"))}).fortran_order());
  // No recorded dtype or shape: the header says it all.
  CHECK(accepted({"", std::nullopt, 48, f_order}).itemsize == 4);

  CHECK_THAT(refused({"f32", shape, 48, npy_bytes(1, npy_dict("<f4", "(4, 3)"))}),
             Catch::Contains("recorded shape 3x4 differs from the .npy header's 4x3"));
  CHECK_THAT(refused({"", std::nullopt, 48, npy_bytes(1, npy_dict("<f4", "(4, 4)"))}),
             Catch::Contains("needs 64 bytes but the frame holds 48"));
  CHECK_THAT(refused({"f64", std::nullopt, 48, npy_bytes(1, npy_dict("<f4", "(3, 4)"))}),
             Catch::Contains("recorded dtype 'f64' has 8-byte elements"));
  CHECK_THAT(refused({"", std::nullopt, 48, npy_bytes(1, npy_dict("|O", "(3, 4)"))}),
             Catch::Contains("damaged .npy header"));
  auto padded = npy_bytes(1, npy_dict("<f4", "(3, 4)"));
  padded.push_back(0);
  CHECK_THAT(refused({"", std::nullopt, 48, padded}), Catch::Contains("after its .npy header"));
  // A prefix that is not a .npy header is the caller's business.
  const std::vector<uint8_t> other = {'h', 'e', 'a', 'd'};
  CHECK(accepted({"f32", shape, 48, other}).itemsize == 4);
}

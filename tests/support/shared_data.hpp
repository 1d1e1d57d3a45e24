// The activation data sets beside the checkout (../shared/data) that some
// tests read. A missing set fails the test rather than skipping it: CI must
// not pass without testing on real data.
#pragma once

#include <cstdlib>
#include <filesystem>

#include <catch2/catch.hpp>

namespace cdma::test {

// The folder `sub` (e.g. "vgg/final") of the shared data, which is
// $CDMA_SHARED_DATA when set, else ../shared/data beside the checkout; fails
// the running test, naming the folder, when it is missing.
inline std::filesystem::path shared_data(const std::filesystem::path& sub) {
  const char* env = std::getenv("CDMA_SHARED_DATA");
  const std::filesystem::path root = env != nullptr && *env != '\0' ? env : CDMA_SHARED_DATA;
  const std::filesystem::path dir = root / sub;
  if (!std::filesystem::is_directory(dir))
    FAIL("shared data not found at " << dir.string()
                                     << ": the tests need the activation data sets (set CDMA_SHARED_DATA"
                                        " to where they are)");
  return dir;
}

}  // namespace cdma::test

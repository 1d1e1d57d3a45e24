// Runs a test body once per Highway target that was compiled in and that
// this CPU supports, so every SIMD path is compared with the scalar
// reference (Highway's own test macros need gtest; this is the small loop).
#pragma once

#include <hwy/targets.h>

#include <catch2/catch.hpp>

namespace cdma::test {

template <typename Body>
void for_each_target(Body&& body) {
  for (int64_t target : hwy::SupportedAndGeneratedTargets()) {
    hwy::SetSupportedTargetsForTest(target);
    INFO("Highway target " << hwy::TargetName(target));
    body(hwy::TargetName(target));
  }
  hwy::SetSupportedTargetsForTest(0);
}

}  // namespace cdma::test

// Pieces of the scalar reference that the SIMD dispatch calls on its
// HWY_SCALAR target, where one-lane vectors gain nothing.
#pragma once

#include <cstddef>
#include <cstdint>

#include "codecs/zrle/zrle_walk.hpp"

namespace cdma::zrle {

size_t count_nonzero_scalar(const uint8_t* src, size_t n, unsigned width);
size_t encode_runs_scalar(const uint8_t* src, size_t n, unsigned width, uint8_t* lits,
                          uint8_t* runs, const uint8_t* runs_end);
Measure measure_scalar(const uint8_t* src, size_t n, unsigned width);
size_t decode_runs_scalar(const uint8_t* lits, size_t nonzero, const uint8_t* runs,
                          const uint8_t* runs_end, uint8_t* dst, size_t n, unsigned width);

}  // namespace cdma::zrle

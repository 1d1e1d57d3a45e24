// ZVC kernels on AVX-512's register compress and expand (VPCOMPRESS*,
// VPEXPAND*), one 64-byte vector (8 to 64 elements) per step instead of a
// table shuffle per group of 8: near memcpy speed in L2 on Zen 4 (figures:
// bench/kernel-design.md). Highway 1.0.3 has no Expand and compresses
// 16-bit lanes without VBMI2's VPCOMPRESSW, and the memory forms of these
// instructions are microcoded on Zen 4, so these are plain intrinsics with
// register forms only.
//
// Only zvc_simd.cpp's AVX3 target calls them, after Highway has checked
// AVX-512F/BW/DQ/VL and the OS, and only where supported() says the SIMD
// dispatch (simd/dispatch.hpp) enables them: AVX3 for 4- and 8-byte
// elements, AVX3_DL (with VBMI2) for 1- and 2-byte ones, both under the cap. The contract is that of the Highway kernels: whole groups of 8
// elements, the same mask bytes and values, stopping when the next vector
// might not fit (*groups_done says where; the caller finishes).
#pragma once

#include <cstddef>
#include <cstdint>

namespace cdma::zvc::avx512 {

// True when the SIMD dispatch enables the kernels for `width` (this CPU has
// them and the cap allows them).
bool supported(unsigned width);

// Encode: nonzero elements, or with vs_previous those that differ from the
// element before them (src[-width, 0) must be readable). Stores up to 64
// bytes at the output position: stops while values_end leaves fewer.
// Returns value bytes written.
size_t encode_groups(const uint8_t* src, size_t groups, unsigned width, bool vs_previous, uint8_t* mask,
                     uint8_t* values, const uint8_t* values_end, size_t* groups_done);

// Decode: loads 64 bytes at the input position (stops while values_end
// leaves fewer). With `stream`, dst must be 64-byte aligned and the output
// goes through streaming stores (the caller fences). Returns value bytes read.
size_t decode_groups(const uint8_t* mask, const uint8_t* values, const uint8_t* values_end, size_t groups,
                     unsigned width, uint8_t* dst, bool stream, size_t* groups_done);

}  // namespace cdma::zvc::avx512

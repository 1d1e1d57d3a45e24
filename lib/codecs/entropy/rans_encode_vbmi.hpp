// Wide (32-lane) rANS encoding with the table lookups done by AVX-512
// VBMI's byte permutes. The Highway kernels look each symbol's two table
// words up with 32-bit permutes (eight VPERMT2D and six blends per 16
// symbols when the symbols span up to 128 values, the fp16 sign/exponent
// byte) or gathers (wider alphabets: mask streams). Here each table is
// held as four byte planes: one VPERMT2B looks 64 symbols up in a 128-entry
// plane (two and a blend for 256 entries), and unpacks put the bytes back
// together as 32-bit words. The coding steps are those of
// rans_encode_kernels-inl.h and give the scalar reference's bytes.
//
// Only the AVX3 target of rans_simd.cpp calls encode_groups(), after
// Highway has checked AVX-512F/BW/DQ/VL and the OS, and only where
// supported() says the SIMD dispatch (simd/dispatch.hpp) enables it: the
// CPU has AVX3_DL (VBMI among it) and the cap allows it. A cap at AVX3
// covers the 32-bit permute and gather paths on a CPU with VBMI.
#pragma once

#include "codecs/entropy/rans.hpp"
#include "codecs/entropy/rans_encode_impl.hpp"

namespace cdma::entropy::vbmi {

// True when the SIMD dispatch enables the kernel (CPU and cap).
bool supported();

// Codes whole pairs of groups from the cursor, last first, while their
// words surely fit; advances the cursor and leaves the rest (at most one
// group, or what no longer surely fits) to the caller.
void encode_groups(const uint8_t* src, const EncTable& t, EncodeCursor* c);

}  // namespace cdma::entropy::vbmi

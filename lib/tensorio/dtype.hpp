// cdma's element type names (recorded in frames, typed after --dtype) and how
// a .npy descr maps onto them and onto a ZVC element width.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "tensorio/npy_descr.hpp"

namespace cdma::tensorio {

struct DtypeSpec {
  std::string_view name;  // e.g. "bf16"
  unsigned width;         // bytes per element
};

// Every name cdma knows: f64 f32 f16 bf16 f8e4m3 f8e5m2 i8 u8 i16 u16 i32
// u32 i64 u64 bool.
std::span<const DtypeSpec> dtype_table();

// Width in bytes of a known name; nullopt for an unknown one.
std::optional<unsigned> dtype_width(std::string_view name);

// The known names separated by spaces, for help and error messages.
std::string dtype_names();

// Bytes per element of a dtype name as a frame records it, or nullopt when no
// cdma writer records that name: the names above, "c64" and "c128" (complex,
// from the Python module) and "npy:" + a NumPy type string such as "npy:<U5"
// (the Python module's name for any other plain dtype; object arrays are not
// one).
std::optional<uint64_t> recorded_dtype_itemsize(std::string_view name);

// The cdma name for a .npy dtype, or "" when none fits: byte orders other
// than little-endian (a name promises the value layout an analyser may read),
// and kinds without a cdma name (complex, strings, void, datetime,
// structured). '<V2' in particular is left unnamed: it is how ml_dtypes
// writes bf16, but any 2-byte opaque type looks the same, so only the user
// (--dtype bf16) can say what it is.
std::string_view dtype_for_npy(const NpyDtype& dtype);

// The element width ZVC codes a tensor with. ZVC handles 1, 2, 4 and 8 byte
// elements; any other item size (e.g. '<U5' = 20 bytes, '<V3', '<f16' long
// double, a structured record) falls back to the largest of 8, 4, 2, 1 that
// divides it. An item is then a whole number of ZVC elements, so no element
// straddles two items, and the natural sub-word is used: '<U5' is coded as
// its 4-byte characters (unused ones are zero), '<c16' as its two 8-byte
// floats, '<V3' byte by byte. Zero-value compression is lossless at every
// width; the width only sets the grain at which zeros are found.
unsigned zvc_element_width(uint64_t itemsize);

}  // namespace cdma::tensorio

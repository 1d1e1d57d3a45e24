// Interpreting the 'descr' value of a .npy header: the array-interface type
// string NumPy writes for a plain dtype ("<f4", "|u1", ">i8", "<V2",
// "<M8[ns]") or the list of fields it writes for a structured dtype.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "tensorio/py_literal.hpp"

namespace cdma::tensorio {

enum class ByteOrder { little, big, not_applicable };

struct NpyDtype {
  std::string descr;    // the type string as written; "" for a structured dtype
  char kind = 'V';      // NumPy kind letter: b i u f c V S U M m; 'V' when structured
  ByteOrder byte_order = ByteOrder::not_applicable;
  uint64_t itemsize = 0;  // bytes per element (for 'U', 4 per character)
  bool structured = false;
};

// nullopt with a message in `error` when `descr` is not a dtype NumPy could
// have written, when it is an object dtype (the data is a pickle, not an
// array), or when its itemsize is 0 or overflows.
std::optional<NpyDtype> parse_npy_descr(const PyValue& descr, std::string& error);

}  // namespace cdma::tensorio

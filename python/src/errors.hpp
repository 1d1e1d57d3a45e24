// cdma.Error: every error result of the C API becomes this exception, with the
// stable code and its name from cdma_errors.h, so Python callers can branch on
// e.name ("corruption_detected") rather than on message text.
#ifndef CDMA_PY_ERRORS_HPP
#define CDMA_PY_ERRORS_HPP

#include <pybind11/pybind11.h>

#include <cstddef>
#include <string>

#include "cdma/cdma.h"

namespace cdma_py {

// Creates cdma.Error in module `m`; call once at import.
void register_error(pybind11::module_& m);

// The identifier of `code` without its prefix ("dst_too_small"), or nullptr.
const char* error_identifier(cdma_error_code code);

// Raises cdma.Error for `code` (with the GIL held); a `detail` is appended to
// the library's description ("Tensor metadata is invalid: shape ...").
[[noreturn]] void raise_error(cdma_error_code code, const std::string& detail = {});

// Returns `result` unless it is an error result, which it raises.
inline size_t check(size_t result) {
  if (cdma_is_error(result)) raise_error(cdma_get_error_code(result));
  return result;
}

}  // namespace cdma_py

#endif

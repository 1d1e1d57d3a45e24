// Internal error plumbing: size_t results that are either a size or
// (size_t)-code, exactly as the C API returns them (see cdma_errors.h).
#pragma once

#include <cstddef>

#include "cdma/cdma_errors.h"

namespace cdma {

constexpr size_t make_error(cdma_error_code code) {
  return static_cast<size_t>(0) - static_cast<size_t>(code);
}

constexpr bool is_error(size_t result) {
  return result > make_error(CDMA_ERROR_maxCode);
}

constexpr cdma_error_code error_code(size_t result) {
  return is_error(result) ? static_cast<cdma_error_code>(static_cast<size_t>(0) - result)
                          : CDMA_ERROR_no_error;
}

const char* error_message(cdma_error_code code);

}  // namespace cdma

// Return early with an error when a condition about untrusted input holds.
#define CDMA_RETURN_ERROR_IF(cond, err) \
  do {                                  \
    if (cond) return ::cdma::make_error(CDMA_ERROR_##err); \
  } while (0)

// Propagate an error result from a callee.
#define CDMA_FORWARD_IF_ERROR(expr)          \
  do {                                       \
    const size_t cdma_fwd_ = (expr);         \
    if (::cdma::is_error(cdma_fwd_)) return cdma_fwd_; \
  } while (0)

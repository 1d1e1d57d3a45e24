/* Calls of the C API with enum arguments outside their enums, made from C
 * as a C caller makes them (in C an enum is an int: any value may be
 * passed). Each returns the library's result; none may be undefined
 * behaviour (the sanitizer build aborts on it). */
#ifndef CDMA_TEST_ENUM_ARGS_H
#define CDMA_TEST_ENUM_ARGS_H

#include <stddef.h>
#include <stdint.h>

#include "cdma/cdma.h"

#ifdef __cplusplus
extern "C" {
#endif

size_t enum_args_compress_stream(cdma_cctx* cctx, int end);
cdma_bounds enum_args_bounds(int param);
size_t enum_args_check(int param, int64_t value);
size_t enum_args_set_param(cdma_cctx* cctx, int param, int64_t value);
size_t enum_args_get_param(cdma_cctx* cctx, int param);
size_t enum_args_dctx_set_param(cdma_dctx* dctx, int param, int64_t value);
const char* enum_args_error_string(int code);

#ifdef __cplusplus
}
#endif

#endif

/* See enum_args.h. The int is stored into an enum object here, in C, where
 * that is well defined; what the library does with it is under test. */
#include "enum_args.h"

size_t enum_args_compress_stream(cdma_cctx* cctx, int end) {
  static char byte = 1;
  static char room[256];
  cdma_in_buffer in = {&byte, 1, 0};
  cdma_out_buffer out = {room, sizeof room, 0};
  const cdma_end_directive directive = (cdma_end_directive)end;
  return cdma_compress_stream(cctx, &out, &in, directive);
}

cdma_bounds enum_args_bounds(int param) { return cdma_param_get_bounds((cdma_param)param); }

size_t enum_args_check(int param, int64_t value) { return cdma_param_check((cdma_param)param, value); }

size_t enum_args_set_param(cdma_cctx* cctx, int param, int64_t value) {
  return cdma_cctx_set_param(cctx, (cdma_param)param, value);
}

size_t enum_args_get_param(cdma_cctx* cctx, int param) {
  int64_t value = 0;
  return cdma_cctx_get_param(cctx, (cdma_param)param, &value);
}

size_t enum_args_dctx_set_param(cdma_dctx* dctx, int param, int64_t value) {
  return cdma_dctx_set_param(dctx, (cdma_dparam)param, value);
}

const char* enum_args_error_string(int code) { return cdma_error_string((cdma_error_code)code); }

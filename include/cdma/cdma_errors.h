/*
 * cdma_errors.h - the pinned list of cdma error codes.
 *
 * Functions of the C API that return a size_t return either a valid size or
 * an error, encoded as (size_t)-code (the zstd convention). Test with
 * cdma_is_error(), name it with cdma_error_name(), extract the enum value
 * with cdma_get_error_code().
 *
 * The numeric values are part of the ABI: they never change and are never
 * reused. New errors take new numbers at the end.
 */
#ifndef CDMA_ERRORS_H
#define CDMA_ERRORS_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  CDMA_ERROR_no_error = 0,
  CDMA_ERROR_generic = 1,
  /* Frame recognition */
  CDMA_ERROR_prefix_unknown = 10,        /* not a cdma frame: bad magic number */
  CDMA_ERROR_version_unsupported = 11,   /* frame format version this build cannot read */
  CDMA_ERROR_reserved_bits_set = 12,     /* a reserved bit or field is not zero */
  CDMA_ERROR_codec_unknown = 13,         /* block names a codec id this build does not know */
  CDMA_ERROR_header_checksum_wrong = 14, /* frame header fails its checksum */
  CDMA_ERROR_frame_parameter_invalid = 15, /* element width or block size out of range */
  /* Content */
  CDMA_ERROR_src_size_wrong = 20,        /* input truncated, or bytes left after the frame */
  CDMA_ERROR_corruption_detected = 21,   /* a size or structure inside the frame is inconsistent */
  CDMA_ERROR_checksum_wrong = 22,        /* decoded content does not match its checksum */
  /* Caller */
  CDMA_ERROR_dst_too_small = 30,         /* destination capacity too small */
  CDMA_ERROR_parameter_unsupported = 31, /* unknown parameter id */
  CDMA_ERROR_parameter_out_of_bound = 32,/* parameter value outside its bounds */
  CDMA_ERROR_memory_allocation = 33,     /* an allocation failed */
  CDMA_ERROR_memory_limit_exceeded = 34, /* the frame needs more memory than the limit allows */
  CDMA_ERROR_null_argument = 35,         /* a required pointer argument is NULL */
  CDMA_ERROR_metadata_invalid = 36,      /* tensor metadata (dtype, shape, prefix) rejected */
  CDMA_ERROR_context_in_use = 37,        /* another thread is inside a call on the same context */
  CDMA_ERROR_stage_wrong = 38,           /* an earlier streaming call failed: reset the context first */
  CDMA_ERROR_maxCode = 64                /* never returned; the largest possible code */
} cdma_error_code;

#ifdef __cplusplus
}
#endif

#endif /* CDMA_ERRORS_H */

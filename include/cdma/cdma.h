/*
 * cdma.h - the public C API of cdma, a codec library for sparse tensors.
 *
 * Conventions (as in zstd.h):
 *  - Functions that produce a size return size_t. A result is either a valid
 *    size or an error code; test it with cdma_is_error() before using it.
 *  - Memory: functions allocate what they need (a context's buffers and
 *    worker threads, the codecs' scratch) and report a failure as
 *    memory_allocation. A context keeps the codecs' scratch and zstd
 *    contexts (a few times the block size per coding thread, more at the
 *    levels that try zstd, 7 to 9) between calls
 *    and frees them with itself; nothing stays with the calling thread. A
 *    compression context's memory limit (CDMA_P_MEMORY_LIMIT) bounds its
 *    working memory, that scratch included; a decompression context's
 *    (CDMA_DP_MEMORY_LIMIT) bounds cdma_decompress_stream(), whose working
 *    memory depends on the frame; the other decoders write into `dst` and
 *    hold only each thread's scratch. Functions without a context (the
 *    one-shot cdma_compress() and cdma_decompress() included) allocate
 *    scratch for the call and free it before returning.
 *    No function keeps a pointer to caller memory after it returns.
 *  - All sizes are 64-bit capable (size_t, uint64_t).
 *  - Thread safety: functions that take no context may be called from any
 *    number of threads at once (what they share is the SIMD cap, read from
 *    CDMA_MAX_TARGET before the first kernel runs, never a caller's data or
 *    memory). A
 *    context, cdma_cctx or cdma_dctx, may be used by one thread at a time,
 *    in every function that takes it (those that only read it included);
 *    use one context per thread, or hand a context from thread to thread
 *    between calls. A call that enters a context while another call on it is
 *    still running fails at once with context_in_use and leaves the context
 *    as it was (the running call is not disturbed). The check is one atomic
 *    flag per call. A context's own worker threads (CDMA_P_THREADS,
 *    CDMA_DP_THREADS) are internal and need nothing from the caller.
 *  - Enum arguments are validated as integers: any int a C caller passes
 *    gets an error (parameter_unsupported, parameter_out_of_bound) rather
 *    than undefined behaviour.
 *
 * The frame format these functions read and write is specified in
 * docs/format.md.
 */
#ifndef CDMA_H
#define CDMA_H

#include <stddef.h>
#include <stdint.h>

#include "cdma_errors.h"

#if defined(CDMA_STATIC_DEFINE)
#define CDMA_API
#elif defined(_WIN32)
#define CDMA_API __declspec(dllexport)
#elif defined(__GNUC__)
#define CDMA_API __attribute__((visibility("default")))
#else
#define CDMA_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/*------------------------------------------------------------------------
 * Version
 *----------------------------------------------------------------------*/
#define CDMA_VERSION_MAJOR 0
#define CDMA_VERSION_MINOR 1
#define CDMA_VERSION_PATCH 0
#define CDMA_VERSION_NUMBER \
  (CDMA_VERSION_MAJOR * 10000 + CDMA_VERSION_MINOR * 100 + CDMA_VERSION_PATCH)

/*! cdma_version_number() :
 *  @return the version of the linked library, as CDMA_VERSION_NUMBER
 *          (major*10000 + minor*100 + patch). Never fails. */
CDMA_API unsigned cdma_version_number(void);

/*! cdma_version_string() :
 *  @return the version of the linked library as "MAJOR.MINOR.PATCH",
 *          a static string. Never fails. */
CDMA_API const char* cdma_version_string(void);

/*! cdma_simd_target() :
 *  @return the name of the Highway target the library's Highway kernels
 *          run with in this process, as Highway names it ("AVX3", "AVX2",
 *          "SSE4", "EMU128", ...): the best target compiled in that the CPU
 *          supports, under any CDMA_MAX_TARGET cap (an AVX-512 CPU with
 *          VBMI reports "AVX3": Highway 1.0.3 compiles no AVX3_DL code; the
 *          VBMI kernels are named by cdma_simd_summary()). A static string,
 *          for reports that state what their speeds were measured with.
 *          Never fails. */
CDMA_API const char* cdma_simd_target(void);

/*! cdma_simd_summary() :
 *  Writes into `dst` (NUL-terminated, truncated to fit) the SIMD target of
 *  cdma_simd_target() followed by the hand-written kernels that run beside
 *  it in this process under any cap, e.g. "AVX3 + xxh3-avx512 zvc-avx512".
 *  @return the summary's full length without the NUL, like snprintf: a
 *          result >= dst_capacity means `dst` was too small. `dst` may be
 *          NULL when dst_capacity is 0. Never fails. */
CDMA_API size_t cdma_simd_summary(char* dst, size_t dst_capacity);

/*------------------------------------------------------------------------
 * Errors
 *----------------------------------------------------------------------*/

/*! cdma_is_error() :
 *  @return 1 if `result` (from any size_t-returning function) is an error,
 *          0 otherwise. */
CDMA_API unsigned cdma_is_error(size_t result);

/*! cdma_get_error_code() :
 *  @return the cdma_error_code carried by `result`, or CDMA_ERROR_no_error
 *          if `result` is not an error. */
CDMA_API cdma_error_code cdma_get_error_code(size_t result);

/*! cdma_error_name() :
 *  @return a static, human-readable description of the error carried by
 *          `result` ("No error detected" when it is not an error). */
CDMA_API const char* cdma_error_name(size_t result);

/*! cdma_error_string() :
 *  @return the same description as cdma_error_name(), from an error code. */
CDMA_API const char* cdma_error_string(cdma_error_code code);

/*------------------------------------------------------------------------
 * Codecs and parameters
 *----------------------------------------------------------------------*/

/* Codec ids. The numeric values are written into frames and are permanent
 * (docs/format.md, "Codec registry"). CDMA_CODEC_AUTO is a selector for
 * compression only: the library picks a codec per block. */
typedef enum {
  CDMA_CODEC_STORE = 0, /* bytes stored as they are */
  CDMA_CODEC_ZERO = 1,  /* all-zero block, no payload (chosen automatically) */
  CDMA_CODEC_ZVC = 2,   /* zero-value compression: bitmask + nonzero elements */
  CDMA_CODEC_ZRLE = 3,  /* run-length coding of zero elements */
  CDMA_CODEC_SPLIT = 4, /* ZVC, repeat mask, byte planes, each stream coded on its own */
  CDMA_CODEC_ZSTD = 5,  /* the whole block through libzstd */
  CDMA_CODEC_LZ4 = 6,   /* the whole block through liblz4 */
  CDMA_CODEC_AUTO = 255
} cdma_codec;

/*! cdma_codec_name() :
 *  @return the name of codec id `codec`: "store", "zero", "zvc", "zrle",
 *          "split", "zstd", "lz4", or "auto" for CDMA_CODEC_AUTO; a static
 *          string. NULL for an id this build does not know. */
CDMA_API const char* cdma_codec_name(int codec);

/*! cdma_codec_from_name() :
 *  @return the codec id that cdma_codec_name() names `name` (exact, lower
 *          case), or -1 for an unknown name or NULL. Whether compression
 *          may be asked for it: cdma_param_check(CDMA_P_CODEC, id). */
CDMA_API int cdma_codec_from_name(const char* name);

/* Compression parameters, set on a context with cdma_cctx_set_param().
 * Values are explicit so that new parameters never renumber old ones. */
typedef enum {
  CDMA_P_CODEC = 1,         /* a cdma_codec; default CDMA_CODEC_AUTO */
  CDMA_P_LEVEL = 2,         /* 1..9, speed/ratio knob; default 3 */
  CDMA_P_ELEMENT_WIDTH = 3, /* bytes per element: 1, 2, 4 or 8; default 4 */
  CDMA_P_BLOCK_LOG = 4,     /* log2 of the block size: 12..24; default 17 (128 KiB) */
  CDMA_P_CHECKSUM = 5,      /* 1: write the XXH3-64 content checksum (default); 0: omit */
  CDMA_P_THREADS = 6,       /* threads coding blocks: 1 (default) .. 256; 0 = all cores.
                               The output is identical for every value. */
  CDMA_P_SEEK_TABLE = 7,    /* 1: append a seek table (block sizes and checksums) for
                               random access; 0: none (default) */
  CDMA_P_MEMORY_LIMIT = 8   /* bytes of working memory compression may hold; default 1 GiB;
                               0 = no limit. Fewer blocks are coded at once to stay
                               within it (the output is the same); a stream whose one
                               block needs more fails with memory_limit_exceeded. See
                               cdma_compress_stream() for what counts. */
} cdma_param;

typedef struct {
  size_t error;   /* 0, or an error result if the parameter is unknown */
  int64_t lower;  /* smallest accepted value */
  int64_t upper;  /* largest accepted value */
} cdma_bounds;

/*! cdma_param_get_bounds() :
 *  @return the range of `param`: every accepted value lies within it, but
 *          not every value within it is accepted (CDMA_P_CODEC takes the
 *          ids of cdma_codec but ZERO; CDMA_P_ELEMENT_WIDTH takes 1, 2, 4
 *          and 8): test a value with cdma_param_check(). `.error` is an
 *          error result (parameter_unsupported) if the parameter is
 *          unknown. */
CDMA_API cdma_bounds cdma_param_get_bounds(cdma_param param);

/*! cdma_param_check() :
 *  @return 0 if cdma_cctx_set_param() accepts `value` for `param`, else the
 *          error it would return: parameter_unsupported,
 *          parameter_out_of_bound. */
CDMA_API size_t cdma_param_check(cdma_param param, int64_t value);

/*------------------------------------------------------------------------
 * One-shot compression
 *----------------------------------------------------------------------*/

/*! cdma_compress_bound() :
 *  @return the largest frame cdma_compress() can produce for `src_size`
 *          input bytes with any parameters and without tensor metadata:
 *          the input size, plus 12 bytes per 4 KiB block (at least one
 *          block), plus 32 bytes: the 24-byte frame header and the 8-byte
 *          content checksum. Compressing into a buffer this large
 *          never fails with dst_too_small.
 *          Returns an error (src_size_wrong) if the bound overflows size_t. */
CDMA_API size_t cdma_compress_bound(size_t src_size);

/*! cdma_compress() :
 *  Compresses `src` into one frame, with default parameters except the
 *  element width (1, 2, 4 or 8 bytes) and the level (1..9, or 0 for the
 *  default).
 *  @return the frame size written into `dst`, or an error:
 *          dst_too_small (only when the frame itself is larger than
 *          dst_capacity: a buffer smaller than the bound is fine when the
 *          frame fits), parameter_out_of_bound, null_argument,
 *          memory_allocation (the codecs' scratch for the call). */
CDMA_API size_t cdma_compress(void* dst, size_t dst_capacity, const void* src,
                              size_t src_size, int element_width, int level);

/*------------------------------------------------------------------------
 * Compression context: parameters and tensor metadata
 *----------------------------------------------------------------------*/
typedef struct cdma_cctx_s cdma_cctx;

/*! cdma_cctx_create() :
 *  @return a new context with default parameters, or NULL when out of
 *          memory. Free it with cdma_cctx_free(). */
CDMA_API cdma_cctx* cdma_cctx_create(void);

/*! cdma_cctx_free() : releases `cctx`. Accepts NULL. */
CDMA_API void cdma_cctx_free(cdma_cctx* cctx);

/*! cdma_cctx_set_param() :
 *  Sets one parameter; it applies to every following compression.
 *  @return 0, or an error: parameter_unsupported, parameter_out_of_bound,
 *          null_argument. */
CDMA_API size_t cdma_cctx_set_param(cdma_cctx* cctx, cdma_param param,
                                    int64_t value);

/*! cdma_cctx_get_param() :
 *  Stores the current value of `param` into *value.
 *  @return 0, or an error: parameter_unsupported, null_argument. */
CDMA_API size_t cdma_cctx_get_param(const cdma_cctx* cctx, cdma_param param,
                                    int64_t* value);

/*! cdma_cctx_reset() : returns the context to the state of a new one:
 *  default parameters, no metadata, no pledge, no streamed frame in
 *  progress, no failure (see cdma_compress_stream()).
 *  @return 0, or an error: null_argument, context_in_use. */
CDMA_API size_t cdma_cctx_reset(cdma_cctx* cctx);

#define CDMA_MAX_NDIM 32
#define CDMA_MAX_DTYPE 15
#define CDMA_MAX_PREFIX (1u << 20)

/*! cdma_cctx_set_tensor() :
 *  Records tensor metadata in every following frame: `dtype` (a short name
 *  such as "f32" or "bf16", at most CDMA_MAX_DTYPE characters, or NULL for
 *  none) and a shape of `ndim` dimensions (0..CDMA_MAX_NDIM; `dims` may be
 *  NULL when ndim is 0 and has_shape is 0). `has_shape` distinguishes a 0-d
 *  tensor (has_shape=1, ndim=0) from "no shape recorded".
 *  @return 0, or an error: metadata_invalid, null_argument. */
CDMA_API size_t cdma_cctx_set_tensor(cdma_cctx* cctx, const char* dtype,
                                     int has_shape, const uint64_t* dims,
                                     size_t ndim);

/*! cdma_cctx_set_file_prefix() :
 *  Records `size` bytes (at most CDMA_MAX_PREFIX) that precede the content in
 *  the original file, such as a .npy header, so that a decoder can restore
 *  the file byte for byte. size 0 clears it.
 *  @return 0, or an error: metadata_invalid, null_argument. */
CDMA_API size_t cdma_cctx_set_file_prefix(cdma_cctx* cctx, const void* prefix,
                                          size_t size);

/*! cdma_cctx_compress_bound() :
 *  @return the largest frame `cctx` can produce for `src_size` bytes with
 *          its current parameters (a seek table adds 8 bytes per 4 KiB block
 *          plus 8) and metadata, or an error. */
CDMA_API size_t cdma_cctx_compress_bound(const cdma_cctx* cctx,
                                         size_t src_size);

/*! cdma_compress_cctx() :
 *  Compresses `src` into one frame using the parameters and metadata of
 *  `cctx`. The result, and whether it fits in dst_capacity, are the same for
 *  every CDMA_P_THREADS and CDMA_P_MEMORY_LIMIT. Working memory: the
 *  codecs' scratch of each coding thread, and at most
 *  max(1, (limit - that scratch) / (block size + 12)) blocks of slots, fewer
 *  for a small input (blocks as big as the input, one per block of it).
 *  When the limit cannot hold a scratch and a block for every thread,
 *  fewer threads code, down to the calling thread alone (same output).
 *  @return the frame size, or an error: dst_too_small, null_argument,
 *          memory_allocation, context_in_use. */
CDMA_API size_t cdma_compress_cctx(cdma_cctx* cctx, void* dst,
                                   size_t dst_capacity, const void* src,
                                   size_t src_size);

/*------------------------------------------------------------------------
 * One-shot decompression
 *----------------------------------------------------------------------*/

/*! cdma_decompress() :
 *  Decodes exactly one frame occupying all of `src` into `dst`. Every size
 *  is validated before use; the content checksum, when present, is
 *  verified. The file prefix (if any) is not written: read it with
 *  cdma_get_file_prefix().
 *  @return the content size, or an error: prefix_unknown,
 *          version_unsupported, reserved_bits_set, header_checksum_wrong,
 *          frame_parameter_invalid, codec_unknown, src_size_wrong,
 *          corruption_detected, checksum_wrong, dst_too_small,
 *          memory_allocation (the codecs' scratch for the call). On error
 *          the contents of dst are unspecified. */
CDMA_API size_t cdma_decompress(void* dst, size_t dst_capacity,
                                const void* src, size_t src_size);

/*------------------------------------------------------------------------
 * Decompression context: threads and a memory limit
 *----------------------------------------------------------------------*/
typedef struct cdma_dctx_s cdma_dctx;

typedef enum {
  CDMA_DP_THREADS = 1,      /* threads decoding blocks: 1 (default) .. 256; 0 = all cores */
  CDMA_DP_MEMORY_LIMIT = 2, /* bytes of working memory cdma_decompress_stream() may hold,
                               the codecs' scratch included; default 1 GiB; 0 = no
                               limit. The other decoders write into the caller's dst
                               and hold only each thread's scratch. */
  CDMA_DP_STOP_AT_FRAME_END = 3  /* 1: cdma_decompress_stream() returns 0 at the end of each
                               frame and leaves the input after it unread, as zstd's
                               does, so callers may pass all the input they have;
                               0 (default): input past a frame's end is read as the
                               next frame */
} cdma_dparam;

/*! cdma_dctx_create() : @return a new decompression context, or NULL. */
CDMA_API cdma_dctx* cdma_dctx_create(void);

/*! cdma_dctx_free() : releases `dctx`. Accepts NULL. */
CDMA_API void cdma_dctx_free(cdma_dctx* dctx);

/*! cdma_dctx_set_param() :
 *  @return 0, or an error: parameter_unsupported, parameter_out_of_bound,
 *          null_argument. */
CDMA_API size_t cdma_dctx_set_param(cdma_dctx* dctx, cdma_dparam param, int64_t value);

/*! cdma_decompress_dctx() :
 *  As cdma_decompress(), with the threads of `dctx`. Blocks are decoded in
 *  parallel; the result is the same for any thread count.
 *  @return the content size, or the errors of cdma_decompress(). */
CDMA_API size_t cdma_decompress_dctx(cdma_dctx* dctx, void* dst, size_t dst_capacity,
                                     const void* src, size_t src_size);

/*------------------------------------------------------------------------
 * Random access
 *----------------------------------------------------------------------*/

/*! cdma_decompress_range() :
 *  Decodes content bytes [offset, offset + length) of the single frame in
 *  `src` into `dst`, decoding only the blocks that overlap the range (found
 *  through the frame's seek table when it has one, else by walking block
 *  headers, which reads 12 bytes per block and no payload). `dctx` may be
 *  NULL (one thread). The content checksum covers the whole content and is
 *  not verified here; the seek table's per-block checksums are, when present.
 *  @return `length`, or an error: the header errors, parameter_out_of_bound
 *          (range past the content), dst_too_small, corruption_detected,
 *          checksum_wrong, memory_allocation. */
CDMA_API size_t cdma_decompress_range(cdma_dctx* dctx, void* dst, size_t dst_capacity,
                                      const void* src, size_t src_size, uint64_t offset,
                                      uint64_t length);

/*------------------------------------------------------------------------
 * Streaming, in the spirit of ZSTD_compressStream2
 *
 * Input and output may come in chunks of any size, down to one byte. Memory
 * is bounded by the block size and the thread count, never by the input.
 *----------------------------------------------------------------------*/
typedef struct {
  const void* src; /* start of the input buffer */
  size_t size;     /* size of the input buffer */
  size_t pos;      /* bytes already consumed; the call advances it */
} cdma_in_buffer;

typedef struct {
  void* dst;   /* start of the output buffer */
  size_t size; /* size of the output buffer */
  size_t pos;  /* bytes already written; the call advances it */
} cdma_out_buffer;

typedef enum {
  CDMA_E_CONTINUE = 0, /* take input, emit whole blocks when ready */
  CDMA_E_FLUSH = 1,    /* end the current frame so everything so far is decodable;
                          later input starts a new frame (frames concatenate) */
  CDMA_E_END = 2       /* end the current frame */
} cdma_end_directive;

/*! cdma_cctx_set_pledged_size() :
 *  Records the content size of the next streamed frame in its header. Without
 *  it the header says "unknown". A stream whose total differs fails at the end
 *  with src_size_wrong. Only valid before the frame's first byte is written.
 *  @return 0, or an error: null_argument, generic (a frame is in progress). */
CDMA_API size_t cdma_cctx_set_pledged_size(cdma_cctx* cctx, uint64_t size);

/*! cdma_cctx_memory_need() :
 *  The least CDMA_P_MEMORY_LIMIT with which cdma_compress_stream() starts a
 *  frame of `content_size` bytes (CDMA_CONTENTSIZE_UNKNOWN: unknown) under
 *  `cctx`'s parameters as they are now set: one block, its coded copy and
 *  one thread's codecs' scratch. A smaller limit is refused with
 *  memory_limit_exceeded; a larger one allows more threads and batches.
 *  For a program that budgets its memory, as the CLI's -M does.
 *  @return the bytes, or an error (a NULL context). */
CDMA_API size_t cdma_cctx_memory_need(const cdma_cctx* cctx, uint64_t content_size);

/*! cdma_compress_stream() :
 *  Consumes input from `in`, writes frame bytes to `out`.
 *  Working memory: a batch of blocks of input, their coded output and (with
 *  threads) a coding slot each, that is B * (3 * block + 24) bytes with
 *  threads and B * (2 * block + 12) with one, plus the codecs' scratch of
 *  each thread (a few blocks, more with zstd levels), where B is 8 per thread, fewer
 *  when the limit (CDMA_P_MEMORY_LIMIT) or a pledged size asks for fewer,
 *  and block is the block size, or the pledged size when smaller. Buffers
 *  grow as input comes, so a small stream takes little.
 *  With CDMA_E_CONTINUE a call that has written output may return with
 *  input left, when the rest of `out` cannot take the next batch of blocks
 *  whole (they are then coded straight into `out` next call): call again
 *  while in->pos < in->size, as with zstd.
 *  @return with CDMA_E_CONTINUE: 0, or a nonzero hint when output is pending;
 *          with CDMA_E_FLUSH / CDMA_E_END: the bytes still waiting to be
 *          written (call again with more room) or 0 when the frame is
 *          complete; or an error (src_size_wrong for a broken pledge,
 *          memory_allocation, memory_limit_exceeded, null_argument,
 *          parameter_out_of_bound for an unknown `end`, context_in_use).
 *          After any error but context_in_use, the stream is failed: every
 *          later call of cdma_compress_stream() or
 *          cdma_cctx_set_pledged_size() returns stage_wrong, and no byte of
 *          the broken frame is written, until cdma_cctx_reset_stream() or
 *          cdma_cctx_reset(). */
CDMA_API size_t cdma_compress_stream(cdma_cctx* cctx, cdma_out_buffer* out, cdma_in_buffer* in,
                                     cdma_end_directive end);

/*! cdma_cctx_reset_stream() : abandons a streamed frame in progress, its
 *  pledge and a failure; parameters and metadata stay.
 *  @return 0, or an error: null_argument, context_in_use. */
CDMA_API size_t cdma_cctx_reset_stream(cdma_cctx* cctx);

/*! cdma_decompress_stream() :
 *  Consumes frame bytes from `in` and writes decoded content to `out`.
 *  Concatenated frames decode as one stream. Checksums are verified before a
 *  frame is reported complete. A call that has decoded blocks straight into
 *  `out` returns (nonzero) when the next block does not fit the rest of
 *  `out` or is not wholly in `in`, rather than copy it aside: call again
 *  with more room or more input.
 *  @return 0 when the decoder sits between frames with everything written
 *          out: either all input was consumed at a frame's end, or no frame
 *          was started. Input past a frame's end is read as the next frame
 *          (to stop at a frame, give at most the hinted bytes, or set
 *          CDMA_DP_STOP_AT_FRAME_END). Otherwise a
 *          nonzero hint (bytes of input it would
 *          like next) while a frame is in progress, or an error: the errors
 *          of cdma_decompress(), memory_limit_exceeded when two of the
 *          frame's blocks (as big as its content, when that is smaller)
 *          and one thread's codecs' scratch exceed the context's limit
 *          (threads are lowered to fit first), context_in_use. After any error but
 *          context_in_use the stream is failed: every later call returns
 *          stage_wrong until cdma_dctx_reset(). Working memory: a batch of
 *          payloads and of decoded blocks, at most 8 blocks per thread each
 *          and within the limit, grown as the blocks come, and the codecs'
 *          scratch of each thread. */
CDMA_API size_t cdma_decompress_stream(cdma_dctx* dctx, cdma_out_buffer* out, cdma_in_buffer* in);

/*! cdma_dctx_reset() : abandons a frame in progress and a failure;
 *  parameters stay. @return 0, or an error: null_argument, context_in_use. */
CDMA_API size_t cdma_dctx_reset(cdma_dctx* dctx);

/*------------------------------------------------------------------------
 * Frame inspection (no decoding)
 *----------------------------------------------------------------------*/
#define CDMA_CONTENTSIZE_UNKNOWN (0ULL - 1)
#define CDMA_CONTENTSIZE_ERROR (0ULL - 2)

/*! cdma_get_content_size() :
 *  @return the decoded size recorded in the frame header at `src`,
 *          CDMA_CONTENTSIZE_UNKNOWN if the header does not record it, or
 *          CDMA_CONTENTSIZE_ERROR if `src` does not start with a valid
 *          header. */
CDMA_API uint64_t cdma_get_content_size(const void* src, size_t src_size);

typedef struct {
  uint64_t content_size;     /* decoded bytes, or CDMA_CONTENTSIZE_UNKNOWN */
  uint64_t header_size;      /* bytes of frame header, metadata included */
  uint64_t prefix_size;      /* bytes of recorded file prefix (0: none) */
  uint32_t format_version;   /* frame format version (1) */
  uint32_t element_width;    /* 1, 2, 4 or 8 */
  uint32_t block_size;       /* bytes of content per block */
  uint32_t codec;            /* codec requested at compression (cdma_codec) */
  int32_t level;             /* level requested at compression */
  uint32_t has_checksum;     /* 1 if a content checksum follows the blocks */
  uint32_t has_shape;        /* 1 if ndim/shape are recorded */
  uint32_t ndim;             /* number of dimensions (when has_shape) */
  uint64_t shape[CDMA_MAX_NDIM];
  char dtype[CDMA_MAX_DTYPE + 1]; /* recorded dtype name, "" if none */
} cdma_frame_info;

/*! cdma_get_frame_info() :
 *  Parses the frame header at the start of `src` into *info. `info_size`
 *  is sizeof(cdma_frame_info) as the caller compiled it: any size from the
 *  first version's struct (0.1, 328 bytes) up is accepted, so that the
 *  struct can grow in later versions without breaking old callers. The
 *  fields that fit in info_size are filled; bytes past the fields this
 *  library knows are set to zero.
 *  @return the header size, or an error: the header errors of
 *          cdma_decompress(), src_size_wrong when `src` is shorter than the
 *          header, null_argument, parameter_out_of_bound (info_size below
 *          the first version's). */
CDMA_API size_t cdma_get_frame_info(cdma_frame_info* info, size_t info_size,
                                    const void* src, size_t src_size);

/*! cdma_get_file_prefix() :
 *  Copies the file prefix recorded in the frame header at `src` into `dst`.
 *  @return the prefix size (0 when none), or an error: the header errors,
 *          dst_too_small. */
CDMA_API size_t cdma_get_file_prefix(void* dst, size_t dst_capacity,
                                     const void* src, size_t src_size);

/*! cdma_find_frame_compressed_size() :
 *  Walks the block headers of the frame at the start of `src` without
 *  decoding payloads.
 *  @return the frame's total size in bytes (header, blocks and checksum),
 *          or an error: the header errors, src_size_wrong (truncated),
 *          corruption_detected, codec_unknown. */
CDMA_API size_t cdma_find_frame_compressed_size(const void* src,
                                                size_t src_size);

#ifdef __cplusplus
}
#endif

#endif /* CDMA_H */

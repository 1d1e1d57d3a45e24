/*
 * damage_test.c - the filter callback on damaged chunks, called directly (no
 * HDF5 file), so that the sanitizer build checks it too: every truncation,
 * every single-byte change, trailing bytes, frames of the wrong size and
 * parameters that disagree with the frame must fail cleanly (return 0, with
 * a message on HDF5's error stack) and never touch memory out of bounds.
 */
#include <cdma/cdma.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "h5z_cdma.h"
#include "h5z_cdma_plugin.h"

static int failures = 0;

#define CHECK(cond, ...)                              \
  do {                                                \
    if (!(cond)) {                                    \
      fprintf(stderr, "%s:%d: ", __FILE__, __LINE__); \
      fprintf(stderr, __VA_ARGS__);                   \
      fputc('\n', stderr);                            \
      ++failures;                                     \
    }                                                 \
  } while (0)

/* A copy of `size` bytes in memory HDF5's allocator owns, as the filter
 * receives chunks. */
static void* hdf5_copy(const void* src, size_t size) {
  void* p = H5allocate_memory(size > 0 ? size : 1, 0);
  if (p == NULL) abort();
  if (size > 0) memcpy(p, src, size);
  return p;
}

/* Runs the filter in `flags` direction on a copy of `src`; on success the
 * result goes to *out (caller frees with H5free_memory). */
static size_t run_filter(unsigned flags, const unsigned cd[], size_t cd_n, const void* src,
                         size_t size, void** out) {
  void* buf = hdf5_copy(src, size);
  size_t buf_size = size;
  const size_t r = h5z_cdma_filter(flags, cd_n, cd, size, &buf_size, &buf);
  if (r == 0) {
    H5free_memory(buf);
    *out = NULL;
  } else {
    CHECK(r <= buf_size, "result %zu larger than its buffer %zu", r, buf_size);
    *out = buf;
  }
  return r;
}

/* A rejected chunk must leave a message on the error stack. */
static void expect_rejected(const char* what, const unsigned cd[], size_t cd_n, const void* src,
                            size_t size) {
  H5Eclear2(H5E_DEFAULT);
  void* out = NULL;
  const size_t r = run_filter(H5Z_FLAG_REVERSE, cd, cd_n, src, size, &out);
  CHECK(r == 0, "%s: decoded to %zu bytes instead of failing", what, r);
  CHECK(r != 0 || H5Eget_num(H5E_DEFAULT) > 0, "%s: failed without an error message", what);
  H5free_memory(out);
  H5Eclear2(H5E_DEFAULT);
}

static size_t unchanged_count = 0;

/* A damaged chunk either fails or, where the change touched a bit the
 * decoder ignores (padding in an entropy-coded stream), decodes to exactly the
 * original: never to other data. */
static void expect_rejected_or_exact(const char* what, const unsigned cd[], size_t cd_n,
                                     const void* src, size_t size, const void* original,
                                     size_t original_size) {
  H5Eclear2(H5E_DEFAULT);
  void* out = NULL;
  const size_t r = run_filter(H5Z_FLAG_REVERSE, cd, cd_n, src, size, &out);
  if (r != 0) {
    CHECK(r == original_size && memcmp(out, original, r) == 0, "%s: decoded to wrong data", what);
    ++unchanged_count;
  } else {
    CHECK(H5Eget_num(H5E_DEFAULT) > 0, "%s: failed without an error message", what);
  }
  H5free_memory(out);
  H5Eclear2(H5E_DEFAULT);
}

int main(void) {
  /* A sparse f32 chunk, like a ReLU activation: every third value zero. */
  enum { N = 3000 };
  static float chunk[N];
  for (int i = 0; i < N; ++i) chunk[i] = (i % 3 == 0) ? 0.0f : (float)(i % 97) * 0.25f;
  const size_t chunk_bytes = sizeof chunk;
  const unsigned cd[H5Z_CDMA_CD_COUNT] = {3, 4, (unsigned)chunk_bytes};

  void* frame = NULL;
  const size_t frame_size = run_filter(0, cd, H5Z_CDMA_CD_COUNT, chunk, chunk_bytes, &frame);
  CHECK(frame_size > 0 && frame_size < chunk_bytes, "compressed to %zu of %zu bytes", frame_size,
        chunk_bytes);
  if (frame == NULL) return 1;

  void* back = NULL;
  size_t r = run_filter(H5Z_FLAG_REVERSE, cd, H5Z_CDMA_CD_COUNT, frame, frame_size, &back);
  CHECK(r == chunk_bytes && back != NULL && memcmp(back, chunk, chunk_bytes) == 0,
        "round trip: %zu bytes", r);
  H5free_memory(back);
  /* Without cd_values (a writer that skipped set_local) the frame alone says
   * how large the chunk is. */
  r = run_filter(H5Z_FLAG_REVERSE, NULL, 0, frame, frame_size, &back);
  CHECK(r == chunk_bytes && back != NULL && memcmp(back, chunk, chunk_bytes) == 0,
        "round trip without cd_values: %zu bytes", r);
  H5free_memory(back);

  char what[96];
  for (size_t len = 0; len < frame_size; ++len) {
    snprintf(what, sizeof what, "truncated to %zu bytes", len);
    expect_rejected(what, cd, H5Z_CDMA_CD_COUNT, frame, len);
  }

  uint8_t* damaged = malloc(frame_size + 64);
  if (damaged == NULL) return 1;
  static const uint8_t masks[] = {0x01, 0x10, 0x80, 0xff};
  for (size_t pos = 0; pos < frame_size; ++pos) {
    for (size_t m = 0; m < sizeof masks; ++m) {
      memcpy(damaged, frame, frame_size);
      damaged[pos] ^= masks[m];
      snprintf(what, sizeof what, "byte %zu of %zu xor 0x%02x", pos, frame_size, masks[m]);
      expect_rejected_or_exact(what, cd, H5Z_CDMA_CD_COUNT, damaged, frame_size, chunk,
                               chunk_bytes);
      /* The chunk size in cd_values is a second line of defence, not the
       * only one: the frame's checksums catch the damage without it. */
      expect_rejected_or_exact(what, NULL, 0, damaged, frame_size, chunk, chunk_bytes);
    }
  }

  memcpy(damaged, frame, frame_size);
  memset(damaged + frame_size, 0, 64);
  expect_rejected("trailing bytes", cd, H5Z_CDMA_CD_COUNT, damaged, frame_size + 1);
  expect_rejected("trailing bytes", cd, H5Z_CDMA_CD_COUNT, damaged, frame_size + 64);

  /* A valid frame of a different size than the dataset's chunks. */
  const unsigned larger[H5Z_CDMA_CD_COUNT] = {3, 4, (unsigned)chunk_bytes + 4};
  const unsigned smaller[H5Z_CDMA_CD_COUNT] = {3, 4, (unsigned)chunk_bytes - 4};
  expect_rejected("chunk larger than the frame", larger, H5Z_CDMA_CD_COUNT, frame, frame_size);
  expect_rejected("chunk smaller than the frame", smaller, H5Z_CDMA_CD_COUNT, frame, frame_size);

  /* A frame that does not say how much it holds cannot be sized safely. */
  cdma_cctx* cctx = cdma_cctx_create();
  uint8_t streamed[1 << 14];
  cdma_out_buffer out = {streamed, sizeof streamed, 0};
  cdma_in_buffer in = {chunk, chunk_bytes, 0};
  r = cdma_compress_stream(cctx, &out, &in, CDMA_E_END);
  CHECK(r == 0, "streamed frame: %s", cdma_error_name(r));
  cdma_cctx_free(cctx);
  CHECK(cdma_get_content_size(streamed, out.pos) == CDMA_CONTENTSIZE_UNKNOWN,
        "a streamed frame without a pledge should not record its size");
  expect_rejected("unknown content size", NULL, 0, streamed, out.pos);

  /* Elements of every width, and chunk sizes that are not a multiple of it. */
  static const unsigned widths[] = {1, 2, 4, 8};
  static const size_t sizes[] = {1, 7, 4095, sizeof chunk - 1};
  for (size_t w = 0; w < 4; ++w) {
    for (size_t s = 0; s < 4; ++s) {
      const size_t n = sizes[s];
      const unsigned cdw[H5Z_CDMA_CD_COUNT] = {1, widths[w], (unsigned)n};
      void* f = NULL;
      const size_t fs = run_filter(0, cdw, H5Z_CDMA_CD_COUNT, chunk, n, &f);
      CHECK(fs > 0, "width %u, %zu bytes: compression failed", widths[w], n);
      if (f == NULL) continue;
      r = run_filter(H5Z_FLAG_REVERSE, cdw, H5Z_CDMA_CD_COUNT, f, fs, &back);
      CHECK(r == n && back != NULL && memcmp(back, chunk, n) == 0, "width %u, %zu bytes: %zu back",
            widths[w], n, r);
      H5free_memory(back);
      H5free_memory(f);
    }
  }

  free(damaged);
  H5free_memory(frame);
  if (failures) fprintf(stderr, "%d failures\n", failures);
  else
    printf("damage test: %zu-byte frame; every truncation rejected; of %zu byte changes, %zu "
           "(in bits the decoder ignores) decoded to the original, the rest were rejected\n",
           frame_size, frame_size * 4 * 2, unchanged_count);
  return failures ? 1 : 0;
}

/* A program using an installed cdma the way a runtime would: one-shot
 * compression with tensor metadata, frame inspection, streaming, errors.
 * Plain C, so it also proves the header needs no C++. Prints "ok". */
#include <cdma/cdma.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(cond)                                             \
  do {                                                          \
    if (!(cond)) {                                              \
      fprintf(stderr, "consumer: %s:%d: %s\n", __FILE__, __LINE__, #cond); \
      return 1;                                                 \
    }                                                           \
  } while (0)

int main(void) {
  enum { N = 1 << 16 };
  static float src[N], back[N];
  for (int i = 0; i < N; ++i) src[i] = (i % 3 == 0) ? (float)i : 0.0f; /* ReLU-like */

  CHECK(cdma_version_number() == CDMA_VERSION_NUMBER);

  cdma_cctx* cctx = cdma_cctx_create();
  CHECK(cctx != NULL);
  CHECK(!cdma_is_error(cdma_cctx_set_param(cctx, CDMA_P_ELEMENT_WIDTH, 4)));
  const uint64_t dims[2] = {256, 256};
  CHECK(!cdma_is_error(cdma_cctx_set_tensor(cctx, "f32", 1, dims, 2)));
  const size_t bound = cdma_cctx_compress_bound(cctx, sizeof src);
  unsigned char* frame = malloc(bound);
  CHECK(frame != NULL);
  const size_t n = cdma_compress_cctx(cctx, frame, bound, src, sizeof src);
  CHECK(!cdma_is_error(n) && n < sizeof src);

  cdma_frame_info info;
  CHECK(!cdma_is_error(cdma_get_frame_info(&info, sizeof info, frame, n)));
  CHECK(info.content_size == sizeof src && strcmp(info.dtype, "f32") == 0);
  CHECK(info.has_shape && info.ndim == 2 && info.shape[1] == 256);

  CHECK(cdma_decompress(back, sizeof back, frame, n) == sizeof src);
  CHECK(memcmp(src, back, sizeof src) == 0);

  /* Streaming decode, in small output pieces. */
  cdma_dctx* dctx = cdma_dctx_create();
  CHECK(dctx != NULL);
  cdma_in_buffer in = {frame, n, 0};
  size_t got = 0, ret = 1;
  while (ret != 0) {
    cdma_out_buffer out = {(char*)back + got, sizeof back - got < 4096 ? sizeof back - got : 4096, 0};
    ret = cdma_decompress_stream(dctx, &out, &in);
    CHECK(!cdma_is_error(ret));
    got += out.pos;
  }
  CHECK(got == sizeof src && memcmp(src, back, sizeof src) == 0);

  /* A damaged frame is an error with a name, never a crash. */
  frame[n / 2] ^= 0xFF;
  const size_t bad = cdma_decompress(back, sizeof back, frame, n);
  CHECK(cdma_is_error(bad));
  CHECK(strlen(cdma_error_name(bad)) > 0);

  cdma_dctx_free(dctx);
  cdma_cctx_free(cctx);
  free(frame);
  printf("ok %s %zu -> %zu bytes\n", cdma_version_string(), sizeof src, n);
  return 0;
}

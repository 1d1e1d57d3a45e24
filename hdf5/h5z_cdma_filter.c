/*
 * h5z_cdma_filter.c - the filter callback: one chunk in, one cdma frame out,
 * and back. Every frame carries its content checksum, so a chunk damaged in
 * the file fails to decode instead of returning wrong data; and the decoder
 * sizes its output only from a frame that has been checked to cover exactly
 * the bytes HDF5 gave it and to hold exactly one chunk.
 */
#include <cdma/cdma.h>
#include <stdint.h>

#include "h5z_cdma.h"
#include "h5z_cdma_plugin.h"

static unsigned cd_value(size_t cd_nelmts, const unsigned cd_values[], size_t index) {
  return index < cd_nelmts ? cd_values[index] : 0;
}

/* Replaces HDF5's buffer with `out` (allocated by H5allocate_memory, as HDF5
 * frees chunk buffers with its own allocator). */
static size_t hand_over(void** buf, size_t* buf_size, void* out, size_t out_capacity,
                        size_t out_size) {
  H5free_memory(*buf);
  *buf = out;
  *buf_size = out_capacity;
  return out_size;
}

static size_t compress_chunk(size_t cd_nelmts, const unsigned cd_values[], size_t nbytes,
                             size_t* buf_size, void** buf) {
  const unsigned level = cd_value(cd_nelmts, cd_values, H5Z_CDMA_CD_LEVEL);
  unsigned width = cd_value(cd_nelmts, cd_values, H5Z_CDMA_CD_ELEMENT_WIDTH);
  if (width == 0) width = 1; /* parameters from a writer that skipped set_local */

  cdma_cctx* cctx = cdma_cctx_create();
  if (cctx == NULL) {
    H5Z_CDMA_ERROR("out of memory creating a compression context");
    return 0;
  }
  size_t r = cdma_cctx_set_param(cctx, CDMA_P_ELEMENT_WIDTH, width);
  if (!cdma_is_error(r) && level != 0) r = cdma_cctx_set_param(cctx, CDMA_P_LEVEL, level);
  if (!cdma_is_error(r)) r = cdma_cctx_set_param(cctx, CDMA_P_CHECKSUM, 1);
  size_t bound = 0;
  void* out = NULL;
  if (!cdma_is_error(r)) r = bound = cdma_cctx_compress_bound(cctx, nbytes);
  if (!cdma_is_error(r)) {
    out = H5allocate_memory(bound, 0);
    if (out != NULL) r = cdma_compress_cctx(cctx, out, bound, *buf, nbytes);
  }
  cdma_cctx_free(cctx);
  if (!cdma_is_error(r) && out == NULL) {
    H5Z_CDMA_ERROR("out of memory for a compressed chunk of up to %zu bytes", bound);
    return 0;
  }
  if (cdma_is_error(r)) {
    H5Z_CDMA_ERROR("cannot compress a chunk of %zu bytes (level %u, element width %u): %s",
                   nbytes, level, width, cdma_error_name(r));
    H5free_memory(out);
    return 0;
  }
  return hand_over(buf, buf_size, out, bound, r);
}

static size_t decompress_chunk(size_t cd_nelmts, const unsigned cd_values[], size_t nbytes,
                               size_t* buf_size, void** buf) {
  const void* src = *buf;
  cdma_frame_info info;
  size_t r = cdma_get_frame_info(&info, sizeof info, src, nbytes);
  if (cdma_is_error(r)) {
    H5Z_CDMA_ERROR("chunk of %zu bytes is not a valid cdma frame: %s", nbytes, cdma_error_name(r));
    return 0;
  }
  /* Walks the block headers (no payload): the blocks must add up to the
   * recorded content size and the frame must end exactly where HDF5's chunk
   * does, which bounds the content by the bytes actually present. */
  r = cdma_find_frame_compressed_size(src, nbytes);
  if (cdma_is_error(r) || r != nbytes) {
    H5Z_CDMA_ERROR("chunk of %zu bytes is damaged: %s", nbytes,
                   cdma_is_error(r) ? cdma_error_name(r) : "its frame does not fill it exactly");
    return 0;
  }
  const uint64_t content = info.content_size;
  const unsigned chunk_bytes = cd_value(cd_nelmts, cd_values, H5Z_CDMA_CD_CHUNK_BYTES);
  if (content == CDMA_CONTENTSIZE_UNKNOWN || content == 0 || content > SIZE_MAX ||
      (chunk_bytes != 0 && content != chunk_bytes)) {
    H5Z_CDMA_ERROR("chunk is damaged: its frame holds %llu bytes, the dataset's chunks hold %u",
                   (unsigned long long)content, chunk_bytes);
    return 0;
  }

  void* out = H5allocate_memory((size_t)content, 0);
  if (out == NULL) {
    H5Z_CDMA_ERROR("out of memory for a chunk of %llu bytes", (unsigned long long)content);
    return 0;
  }
  r = cdma_decompress(out, (size_t)content, src, nbytes);
  if (cdma_is_error(r) || r != content) {
    H5Z_CDMA_ERROR("chunk of %zu bytes is damaged: %s", nbytes,
                   cdma_is_error(r) ? cdma_error_name(r) : "it decodes to the wrong size");
    H5free_memory(out);
    return 0;
  }
  return hand_over(buf, buf_size, out, (size_t)content, (size_t)content);
}

size_t h5z_cdma_filter(unsigned flags, size_t cd_nelmts, const unsigned cd_values[], size_t nbytes,
                       size_t* buf_size, void** buf) {
  if (flags & H5Z_FLAG_REVERSE) return decompress_chunk(cd_nelmts, cd_values, nbytes, buf_size, buf);
  return compress_chunk(cd_nelmts, cd_values, nbytes, buf_size, buf);
}

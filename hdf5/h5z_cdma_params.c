/*
 * h5z_cdma_params.c - can_apply and set_local: turn the user's cd_values and
 * the dataset's datatype and chunk shape into the cd_values the filter runs
 * with (their layout: h5z_cdma.h and docs/hdf5.md).
 */
#include <cdma/cdma.h>
#include <stdint.h>

#include "h5z_cdma.h"
#include "h5z_cdma_plugin.h"

/* Room for more values than the filter accepts, so that a caller who passes
 * too many is told so instead of having them cut off silently. */
enum { CD_CAPACITY = 16 };

typedef struct {
  unsigned flags;
  size_t count;
  unsigned values[CD_CAPACITY];
} cd_list;

static int read_cd_values(hid_t dcpl_id, cd_list* cd) {
  cd->count = CD_CAPACITY;
  if (H5Pget_filter_by_id2(dcpl_id, (H5Z_filter_t)H5Z_FILTER_CDMA, &cd->flags, &cd->count,
                           cd->values, 0, NULL, NULL) < 0) {
    H5Z_CDMA_ERROR("cannot read the filter's parameters from the dataset creation list");
    return -1;
  }
  return 0;
}

/* The element width ZVC and the byte planes see for a datatype of `size`
 * bytes: the widest of 8, 4, 2, 1 that divides it, the rule the CLI uses for
 * .npy items (docs/tensor-inputs.md). Numbers, enums (h5py's bool), opaque
 * types (bf16 as a 2-byte opaque gives 2) keep their own size; a complex64
 * is coded whole (8), a 12-byte record as three 4-byte words, an array of
 * three f16 as 2-byte words; so no element straddles two items. */
static unsigned element_width_of(hid_t type) {
  const size_t size = H5Tget_size(type);
  if (size == 0) return 0;
  for (unsigned w = 8; w > 1; w /= 2)
    if (size % w == 0) return w;
  return 1;
}

htri_t h5z_cdma_can_apply(hid_t dcpl_id, hid_t type_id, hid_t space_id) {
  (void)space_id;
  cd_list cd;
  if (read_cd_values(dcpl_id, &cd) < 0) return -1;
  if (cd.count > H5Z_CDMA_CD_COUNT) {
    H5Z_CDMA_ERROR("%zu parameters given, at most %d accepted (level, element width, chunk bytes)",
                   cd.count, H5Z_CDMA_CD_COUNT);
    return -1;
  }
  /* The library's own check of each value (cdma_param_check), so that the
   * filter accepts exactly what cdma_cctx_set_param() will. */
  const cdma_bounds levels = cdma_param_get_bounds(CDMA_P_LEVEL);
  if (cd.count > H5Z_CDMA_CD_LEVEL) {
    const unsigned level = cd.values[H5Z_CDMA_CD_LEVEL];
    if (level != 0 && cdma_is_error(cdma_param_check(CDMA_P_LEVEL, level))) {
      H5Z_CDMA_ERROR("level %u is out of range: use %lld..%lld, or 0 for the default", level,
                     (long long)levels.lower, (long long)levels.upper);
      return -1;
    }
  }
  if (cd.count > H5Z_CDMA_CD_ELEMENT_WIDTH) {
    const unsigned width = cd.values[H5Z_CDMA_CD_ELEMENT_WIDTH];
    if (width != 0 && cdma_is_error(cdma_param_check(CDMA_P_ELEMENT_WIDTH, width))) {
      H5Z_CDMA_ERROR("element width %u is not 1, 2, 4 or 8 (0 takes it from the datatype)",
                     width);
      return -1;
    }
  }
  if (element_width_of(type_id) == 0) {
    H5Z_CDMA_ERROR("the dataset's datatype has no fixed size to compress");
    return -1;
  }
  return 1;
}

herr_t h5z_cdma_set_local(hid_t dcpl_id, hid_t type_id, hid_t space_id) {
  (void)space_id;
  cd_list cd;
  if (read_cd_values(dcpl_id, &cd) < 0) return -1;
  unsigned out[H5Z_CDMA_CD_COUNT] = {0, 0, 0};
  for (size_t i = 0; i < cd.count && i < H5Z_CDMA_CD_CHUNK_BYTES; ++i) out[i] = cd.values[i];

  if (out[H5Z_CDMA_CD_LEVEL] == 0) {
    int64_t level = 0;
    cdma_cctx* defaults = cdma_cctx_create();
    const size_t r = defaults != NULL ? cdma_cctx_get_param(defaults, CDMA_P_LEVEL, &level) : 1;
    cdma_cctx_free(defaults);
    if (defaults == NULL || cdma_is_error(r)) {
      H5Z_CDMA_ERROR("cannot read cdma's default level");
      return -1;
    }
    out[H5Z_CDMA_CD_LEVEL] = (unsigned)level;
  }
  if (out[H5Z_CDMA_CD_ELEMENT_WIDTH] == 0) out[H5Z_CDMA_CD_ELEMENT_WIDTH] = element_width_of(type_id);

  /* The decoder insists that every chunk decodes to exactly this many bytes,
   * so a damaged frame can never make it allocate or return more or less. */
  hsize_t dims[H5S_MAX_RANK];
  const int rank = H5Pget_chunk(dcpl_id, H5S_MAX_RANK, dims);
  const size_t type_size = H5Tget_size(type_id);
  if (rank <= 0 || type_size == 0) {
    H5Z_CDMA_ERROR("the dataset is not chunked: filters need chunked storage");
    return -1;
  }
  uint64_t bytes = type_size;
  for (int i = 0; i < rank; ++i) {
    if (dims[i] == 0 || bytes > UINT32_MAX / dims[i]) {
      H5Z_CDMA_ERROR("a chunk of this shape holds 4 GiB or more, more than HDF5 allows");
      return -1;
    }
    bytes *= dims[i];
  }
  out[H5Z_CDMA_CD_CHUNK_BYTES] = (unsigned)bytes;

  if (H5Pmodify_filter(dcpl_id, (H5Z_filter_t)H5Z_FILTER_CDMA, cd.flags, H5Z_CDMA_CD_COUNT, out) < 0) {
    H5Z_CDMA_ERROR("cannot record the filter's parameters in the dataset creation list");
    return -1;
  }
  return 0;
}

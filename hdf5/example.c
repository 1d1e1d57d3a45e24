/*
 * example.c - writing and reading a cdma-compressed HDF5 dataset from C
 * (the example in docs/hdf5.md, built and run by ctest as hdf5_c_example).
 * The program links HDF5 only: the filter comes from libH5Zcdma.so, which
 * HDF5 loads from HDF5_PLUGIN_PATH or its default plugin folder.
 *
 *   cc example.c $(pkg-config --cflags --libs hdf5) -o example
 *   HDF5_PLUGIN_PATH=/path/to/plugins ./example out.h5
 */
#include <hdf5.h>
#include <stdio.h>
#include <string.h>

#include "h5z_cdma.h" /* H5Z_FILTER_CDMA; or write 52640 */

#define ROWS 256
#define COLS 512

static float data[ROWS][COLS], back[ROWS][COLS];

int main(int argc, char** argv) {
  const char* path = argc > 1 ? argv[1] : "example.h5";
  for (int r = 0; r < ROWS; ++r) /* sparse, like a ReLU activation */
    for (int c = 0; c < COLS; ++c) data[r][c] = (r * c) % 3 ? 0.0f : (float)(r + c) / 7;

  if (!H5Zfilter_avail(H5Z_FILTER_CDMA)) {
    fprintf(stderr, "cdma filter not found: set HDF5_PLUGIN_PATH to libH5Zcdma.so's folder\n");
    return 1;
  }
  const hsize_t dims[2] = {ROWS, COLS}, chunk[2] = {64, COLS};
  const unsigned cd_values[1] = {5}; /* level 5; element width from the type */
  hid_t file = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  hid_t space = H5Screate_simple(2, dims, NULL);
  hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
  H5Pset_chunk(dcpl, 2, chunk);
  H5Pset_filter(dcpl, H5Z_FILTER_CDMA, H5Z_FLAG_MANDATORY, 1, cd_values);
  hid_t dset = H5Dcreate2(file, "activations", H5T_IEEE_F32LE, space, H5P_DEFAULT, dcpl,
                          H5P_DEFAULT);
  if (dset < 0 || H5Dwrite(dset, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0)
    return 1;
  const hsize_t stored = H5Dget_storage_size(dset);
  H5Dclose(dset);
  H5Pclose(dcpl);
  H5Sclose(space);
  H5Fclose(file);

  file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
  dset = H5Dopen2(file, "activations", H5P_DEFAULT);
  if (dset < 0 || H5Dread(dset, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, back) < 0)
    return 1;
  H5Dclose(dset);
  H5Fclose(file);
  if (memcmp(data, back, sizeof data) != 0) {
    fprintf(stderr, "read back different data\n");
    return 1;
  }
  printf("%zu bytes stored as %llu, read back exactly\n", sizeof data, (unsigned long long)stored);
  return 0;
}

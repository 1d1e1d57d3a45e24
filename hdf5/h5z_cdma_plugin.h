/*
 * h5z_cdma_plugin.h - the pieces of the plugin shared between its files:
 * the three callbacks of its H5Z_class2_t and how they report an error.
 */
#ifndef H5Z_CDMA_PLUGIN_H
#define H5Z_CDMA_PLUGIN_H

#include <hdf5.h>

/* h5z_cdma_params.c: checks the user's cd_values against the datatype. */
htri_t h5z_cdma_can_apply(hid_t dcpl_id, hid_t type_id, hid_t space_id);
/* h5z_cdma_params.c: records level, element width and chunk size. */
herr_t h5z_cdma_set_local(hid_t dcpl_id, hid_t type_id, hid_t space_id);
/* h5z_cdma_filter.c: compresses a chunk, or decodes one (H5Z_FLAG_REVERSE). */
size_t h5z_cdma_filter(unsigned flags, size_t cd_nelmts, const unsigned cd_values[],
                       size_t nbytes, size_t* buf_size, void** buf);

/* Pushes "cdma filter: <message>" onto HDF5's error stack, so that h5py and
 * h5dump show why a dataset could not be created, written or read. */
void h5z_cdma_error(const char* func, int line, const char* format, ...)
    __attribute__((format(printf, 3, 4)));
#define H5Z_CDMA_ERROR(...) h5z_cdma_error(__func__, __LINE__, __VA_ARGS__)

#endif /* H5Z_CDMA_PLUGIN_H */

/*
 * h5z_cdma.h - the cdma HDF5 filter: its id and the meaning of its cd_values.
 *
 * The filter itself is the plugin libH5Zcdma.so, which HDF5 loads from
 * HDF5_PLUGIN_PATH (or its default plugin folder); an application needs only
 * these numbers, not a link to the plugin. docs/hdf5.md describes the filter.
 */
#ifndef H5Z_CDMA_H
#define H5Z_CDMA_H

/* From the range 32768..65535 that the HDF Group leaves to unregistered
 * filters (it neither tracks nor assigns ids there). Written into every file
 * the filter produces, so it never changes; docs/hdf5.md says how a registered
 * id would be requested and how files would move to it. */
#define H5Z_FILTER_CDMA 52640

/* cd_values, in this order. A user may give the first two (or none); the
 * filter's set_local fills in every value when a dataset is created, so the
 * file records the parameters actually used. */
#define H5Z_CDMA_CD_LEVEL 0         /* 1..9; 0 or absent: cdma's default (3) */
#define H5Z_CDMA_CD_ELEMENT_WIDTH 1 /* 1, 2, 4 or 8; 0 or absent: from the datatype */
#define H5Z_CDMA_CD_CHUNK_BYTES 2   /* set by the filter: bytes in one chunk */
#define H5Z_CDMA_CD_COUNT 3         /* how many cd_values set_local records */

#endif /* H5Z_CDMA_H */

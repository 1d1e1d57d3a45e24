/*
 * h5z_cdma_plugin.c - what HDF5's plugin loader looks up in libH5Zcdma.so:
 * H5PLget_plugin_type() and H5PLget_plugin_info(). These two are the only
 * symbols the library exports (hdf5/CMakeLists.txt hides the rest).
 */
#include <H5PLextern.h>
#include <stdarg.h>
#include <stdio.h>

#include "h5z_cdma.h"
#include "h5z_cdma_plugin.h"

static const H5Z_class2_t h5z_cdma_class = {
    H5Z_CLASS_T_VERS,
    (H5Z_filter_t)H5Z_FILTER_CDMA,
    1, /* encoder present */
    1, /* decoder present */
    "cdma: sparse tensor compression",
    h5z_cdma_can_apply,
    h5z_cdma_set_local,
    h5z_cdma_filter,
};

H5PL_type_t H5PLget_plugin_type(void) { return H5PL_TYPE_FILTER; }

const void* H5PLget_plugin_info(void) { return &h5z_cdma_class; }

void h5z_cdma_error(const char* func, int line, const char* format, ...) {
  char message[256];
  va_list args;
  va_start(args, format);
  vsnprintf(message, sizeof message, format, args);
  va_end(args);
  /* "%s": the message is data, never a format string for HDF5. */
  H5Epush2(H5E_DEFAULT, __FILE__, func, (unsigned)line, H5E_ERR_CLS, H5E_PLINE,
           H5E_CANTFILTER, "cdma filter: %s", message);
}

#ifndef CDMA_PY_ONESHOT_HPP
#define CDMA_PY_ONESHOT_HPP

#include <pybind11/pybind11.h>

namespace cdma_py {

// compress, decompress_into, frame_info, frame_size, compress_bound, error_name.
void bind_oneshot(pybind11::module_& m);

}  // namespace cdma_py

#endif

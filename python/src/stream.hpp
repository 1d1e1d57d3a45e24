#ifndef CDMA_PY_STREAM_HPP
#define CDMA_PY_STREAM_HPP

#include <pybind11/pybind11.h>

namespace cdma_py {

// StreamCompressor and StreamDecompressor, the engines under cdma.open().
void bind_stream(pybind11::module_& m);

}  // namespace cdma_py

#endif

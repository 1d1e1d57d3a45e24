// _cdma: the compiled half of the `cdma` Python package. It binds the C API
// as directly as possible; dtype handling and the file object are Python
// (cdma/__init__.py, cdma/_file.py), where they are easier to read.
#include <pybind11/pybind11.h>

#include <climits>

#include "cdma/cdma.h"
#include "containers.hpp"
#include "errors.hpp"
#include "oneshot.hpp"
#include "stream.hpp"

PYBIND11_MODULE(_cdma, m) {
  m.doc() = "Bindings of the cdma C API (use the `cdma` package instead).";
  cdma_py::register_error(m);
  cdma_py::bind_oneshot(m);
  cdma_py::bind_stream(m);
  cdma_py::bind_containers(m);
  m.attr("version") = cdma_version_string();
  m.attr("CODEC_AUTO") = static_cast<int>(CDMA_CODEC_AUTO);
  // The library's name of a codec id (cdma_codec_name), the one table that
  // cdma.CODECS and FrameInfo.codec read; None for an id it does not know.
  m.def("codec_name", [](long long id) -> pybind11::object {
    const char* name = id >= INT_MIN && id <= INT_MAX ? cdma_codec_name(static_cast<int>(id)) : nullptr;
    if (name == nullptr) return pybind11::none();
    return pybind11::str(name);
  }, pybind11::arg("codec"));
}

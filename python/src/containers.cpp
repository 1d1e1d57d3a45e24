#include "containers.hpp"

#include <pybind11/stl.h>

#include <stdexcept>
#include <string>

#include "buffers.hpp"
#include "tensorio/safetensors.hpp"

namespace py = pybind11;

namespace cdma_py {
namespace {

py::list safetensors_layout(py::handle header, uint64_t file_size) {
  BufferView in(header, false);
  std::string error;
  const auto layout = cdma::tensorio::parse_safetensors(
      {in.data(), in.size()}, file_size, error);
  if (!layout) throw py::value_error(error);
  py::list out;
  for (const auto& t : layout->tensors)
    out.append(py::make_tuple(t.name, t.dtype, t.cdma_dtype, py::tuple(py::cast(t.shape)), t.begin,
                              t.end));
  return out;
}

}  // namespace

void bind_containers(py::module_& m) {
  m.def("safetensors_layout", &safetensors_layout, py::arg("header"), py::arg("file_size"),
        "Validate a safetensors header (the 8-byte length and the JSON) of a file of "
        "`file_size` bytes; returns [(name, dtype, cdma_dtype, shape, begin, end)] in byte "
        "order, or raises ValueError naming the tensor.");
}

}  // namespace cdma_py

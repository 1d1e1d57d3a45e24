#include "buffers.hpp"

namespace py = pybind11;

namespace cdma_py {

BufferView::BufferView(py::handle obj, bool writable) {
  const int flags = PyBUF_C_CONTIGUOUS | (writable ? PyBUF_WRITABLE : 0);
  if (PyObject_GetBuffer(obj.ptr(), &view_, flags) != 0) throw py::error_already_set();
}

BufferView::~BufferView() { PyBuffer_Release(&view_); }

BytesOut::BytesOut(size_t capacity) : obj_(nullptr), capacity_(capacity) {
  if (capacity > static_cast<size_t>(PY_SSIZE_T_MAX)) throw std::bad_alloc();
  obj_ = PyBytes_FromStringAndSize(nullptr, static_cast<Py_ssize_t>(capacity));
  if (obj_ == nullptr) throw py::error_already_set();
}

BytesOut::~BytesOut() { Py_XDECREF(obj_); }

uint8_t* BytesOut::data() const { return reinterpret_cast<uint8_t*>(PyBytes_AS_STRING(obj_)); }

py::bytes BytesOut::finish(size_t size) {
  // _PyBytes_Resize frees the object and nulls the pointer on failure.
  if (_PyBytes_Resize(&obj_, static_cast<Py_ssize_t>(size)) != 0) throw py::error_already_set();
  PyObject* out = obj_;
  obj_ = nullptr;
  return py::reinterpret_steal<py::bytes>(out);
}

}  // namespace cdma_py

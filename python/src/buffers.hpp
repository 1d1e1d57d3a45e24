// Py_buffer views that cdma reads from or writes into without copying.
// A view keeps its exporter alive and locked (a bytearray cannot resize while
// viewed), which is what makes releasing the GIL during a call safe.
#ifndef CDMA_PY_BUFFERS_HPP
#define CDMA_PY_BUFFERS_HPP

#include <pybind11/pybind11.h>

#include <cstddef>
#include <cstdint>

namespace cdma_py {

class BufferView {
 public:
  // Requests a C-contiguous view; raises BufferError (via pybind11) for
  // objects that cannot provide one. `writable` also demands a writable one.
  BufferView(pybind11::handle obj, bool writable);
  ~BufferView();
  BufferView(const BufferView&) = delete;
  BufferView& operator=(const BufferView&) = delete;

  uint8_t* data() const { return static_cast<uint8_t*>(view_.buf); }
  size_t size() const { return static_cast<size_t>(view_.len); }

 private:
  Py_buffer view_{};
};

// A bytes object allocated at its largest size, filled with the GIL released,
// then shrunk in place; saves the copy a std::vector -> bytes would cost.
class BytesOut {
 public:
  explicit BytesOut(size_t capacity);
  ~BytesOut();
  BytesOut(const BytesOut&) = delete;
  BytesOut& operator=(const BytesOut&) = delete;

  uint8_t* data() const;
  size_t capacity() const { return capacity_; }
  // Shrinks to `size` bytes and hands the object over.
  pybind11::bytes finish(size_t size);

 private:
  PyObject* obj_;
  size_t capacity_;
};

}  // namespace cdma_py

#endif

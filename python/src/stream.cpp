// Streaming engines for cdma.open(): thin loops over cdma_compress_stream and
// cdma_decompress_stream. The Python file object owns the file and the
// buffering policy; these only move bytes, with the GIL released.
// A context must never be entered by two threads at once (the library's rule),
// and releasing the GIL lets two Python threads do just that with one engine:
// each engine therefore holds its own mutex for the whole call, taken after
// the GIL is released so that a thread waiting for it never blocks the others.
#include "stream.hpp"

#include <mutex>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include <pybind11/stl.h>

#include "buffers.hpp"
#include "contexts.hpp"
#include "errors.hpp"

namespace py = pybind11;

namespace cdma_py {
namespace {

class StreamCompressor {
 public:
  StreamCompressor(int element_width, int level, int codec, int threads, bool checksum,
                   std::optional<std::string> dtype, std::optional<std::vector<uint64_t>> shape)
      : cctx_(make_cctx(CompressParams{element_width, level, codec, threads, checksum,
                                       std::move(dtype), std::move(shape)})) {}

  // Records the content size of the next frame (before its first byte), so
  // a streamed frame is the one-shot frame of the same bytes.
  void pledge(uint64_t size) {
    size_t ret = 0;
    {
      py::gil_scoped_release nogil;
      const std::lock_guard<std::mutex> lock(mutex_);
      ret = cdma_cctx_set_pledged_size(cctx_.get(), size);
    }
    check(ret);
  }

  // Feeds `data`; with directive FLUSH or END also completes the frame.
  // Returns every frame byte produced so far.
  py::bytes compress(py::handle data, int directive) {
    BufferView in_view(data, false);
    cdma_in_buffer in{in_view.data(), in_view.size(), 0};
    std::string produced;
    size_t ret = 0;
    {
      py::gil_scoped_release nogil;
      const std::lock_guard<std::mutex> lock(mutex_);
      // 1 MiB of output per round; a nonzero result means more is pending.
      std::string chunk(size_t{1} << 20, '\0');
      do {
        cdma_out_buffer out{chunk.data(), chunk.size(), 0};
        ret = cdma_compress_stream(cctx_.get(), &out, &in,
                                   static_cast<cdma_end_directive>(directive));
        if (cdma_is_error(ret)) break;
        produced.append(chunk.data(), out.pos);
      } while (ret != 0 || in.pos < in.size);
      if (cdma_is_error(ret)) cdma_cctx_reset_stream(cctx_.get());  // leaves the context usable
    }
    check(ret);
    return py::bytes(produced);
  }

 private:
  CctxPtr cctx_;
  std::mutex mutex_;
};

class StreamDecompressor {
 public:
  // Stops at each frame's end, so that the file object sees every frame
  // header (it writes the frame's file prefix and checks its metadata).
  explicit StreamDecompressor(int threads) : dctx_(make_dctx(threads)) {
    check(cdma_dctx_set_param(dctx_.get(), CDMA_DP_STOP_AT_FRAME_END, 1));
  }

  // Decodes from src[pos:] into dst until dst is full, src is used up or the
  // frame ends. Returns (new pos, bytes written, hint): hint 0 means the last
  // frame begun is complete, so the stream may end here.
  std::tuple<size_t, size_t, size_t> decompress(py::handle src, size_t pos, py::handle dst) {
    BufferView in_view(src, false);
    BufferView out_view(dst, true);
    if (pos > in_view.size()) raise_error(CDMA_ERROR_parameter_out_of_bound);
    cdma_in_buffer in{in_view.data(), in_view.size(), pos};
    cdma_out_buffer out{out_view.data(), out_view.size(), 0};
    size_t ret = 0;
    {
      py::gil_scoped_release nogil;
      const std::lock_guard<std::mutex> lock(mutex_);
      do {
        const size_t in_before = in.pos, out_before = out.pos;
        ret = cdma_decompress_stream(dctx_.get(), &out, &in);
        if (cdma_is_error(ret) || ret == 0) break;  // failed, or the frame is complete
        if (in.pos == in_before && out.pos == out_before) break;  // needs input or room
      } while (in.pos < in.size && out.pos < out.size);
    }
    check(ret);
    return {in.pos, out.pos, ret};
  }

  void reset() {
    size_t ret;
    {
      py::gil_scoped_release nogil;
      const std::lock_guard<std::mutex> lock(mutex_);
      ret = cdma_dctx_reset(dctx_.get());
    }
    check(ret);
  }

 private:
  DctxPtr dctx_;
  std::mutex mutex_;
};

}  // namespace

void bind_stream(py::module_& m) {
  py::class_<StreamCompressor>(m, "StreamCompressor")
      .def(py::init<int, int, int, int, bool, std::optional<std::string>,
                    std::optional<std::vector<uint64_t>>>(),
           py::arg("element_width"), py::arg("level"), py::arg("codec"), py::arg("threads"),
           py::arg("checksum"), py::arg("dtype") = py::none(), py::arg("shape") = py::none())
      .def("pledge", &StreamCompressor::pledge, py::arg("size"))
      .def("compress", &StreamCompressor::compress, py::arg("data"), py::arg("directive"));
  py::class_<StreamDecompressor>(m, "StreamDecompressor")
      .def(py::init<int>(), py::arg("threads"))
      .def("decompress", &StreamDecompressor::decompress, py::arg("src"), py::arg("pos"),
           py::arg("dst"))
      .def("reset", &StreamDecompressor::reset);
  m.attr("E_CONTINUE") = static_cast<int>(CDMA_E_CONTINUE);
  m.attr("E_FLUSH") = static_cast<int>(CDMA_E_FLUSH);
  m.attr("E_END") = static_cast<int>(CDMA_E_END);
}

}  // namespace cdma_py

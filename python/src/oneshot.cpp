// One-shot calls: compress a buffer to bytes, decode a frame into a buffer the
// caller allocated (Python sizes it from frame_info), inspect a header. The
// GIL is released around every call into the library.
#include "oneshot.hpp"

#include <pybind11/stl.h>

#include <span>
#include <string>
#include <vector>

#include "buffers.hpp"
#include "contexts.hpp"
#include "errors.hpp"
#include "tensorio/frame_tensor.hpp"

namespace py = pybind11;

namespace cdma_py {
namespace {

py::bytes compress(py::handle src, const CompressParams& p) {
  BufferView in(src, false);
  CctxPtr cctx = make_cctx(p);
  const size_t bound = check(cdma_cctx_compress_bound(cctx.get(), in.size()));
  BytesOut out(bound);
  size_t n;
  {
    py::gil_scoped_release nogil;
    n = cdma_compress_cctx(cctx.get(), out.data(), out.capacity(), in.data(), in.size());
  }
  return out.finish(check(n));
}

py::bytes compress_py(py::handle src, int element_width, int level, int codec, int threads,
                      bool checksum, std::optional<std::string> dtype,
                      std::optional<std::vector<uint64_t>> shape) {
  return compress(src, CompressParams{element_width, level, codec, threads, checksum,
                                      std::move(dtype), std::move(shape)});
}

// Compresses `src` into the writable buffer `dst` (compress_bound(len(src))
// bytes always suffice: no tensor metadata is recorded); returns the frame's
// size. For callers that keep frames in memory of their own, such as
// cdma.torch.offload's pages, without a bytes object and a copy.
size_t compress_into(py::handle src, py::handle dst, int element_width, int level, int codec,
                     int threads, bool checksum) {
  BufferView in(src, false);
  BufferView out(dst, true);
  CctxPtr cctx = make_cctx(CompressParams{element_width, level, codec, threads, checksum});
  size_t n;
  {
    py::gil_scoped_release nogil;
    n = cdma_compress_cctx(cctx.get(), out.data(), out.size(), in.data(), in.size());
  }
  return check(n);
}

size_t decompress_into(py::handle src, py::handle dst, int threads) {
  BufferView in(src, false);
  BufferView out(dst, true);
  DctxPtr dctx = make_dctx(threads);
  size_t n;
  {
    py::gil_scoped_release nogil;
    n = cdma_decompress_dctx(dctx.get(), out.data(), out.size(), in.data(), in.size());
  }
  return check(n);
}

// The file prefix recorded in the frame header at the start of `in`.
std::vector<uint8_t> file_prefix_of(const BufferView& in, const cdma_frame_info& info) {
  std::vector<uint8_t> prefix(info.prefix_size);
  if (!prefix.empty()) check(cdma_get_file_prefix(prefix.data(), prefix.size(), in.data(), in.size()));
  return prefix;
}

// Raises cdma.Error (metadata_invalid) when the frame's dtype, shape, file
// prefix and content size disagree: the CLI's rule (tensorio/frame_tensor.hpp).
// `decoded_size` stands in for a content size the header does not record.
// Returns whether the content is a Fortran-order .npy array.
bool check_tensor(const cdma_frame_info& info, const std::vector<uint8_t>& prefix,
                  std::optional<uint64_t> decoded_size) {
  cdma::tensorio::FrameTensor t;
  t.dtype = info.dtype;
  if (info.has_shape != 0) t.shape = std::span<const uint64_t>(info.shape, info.ndim);
  if (info.content_size != CDMA_CONTENTSIZE_UNKNOWN) t.content_size = info.content_size;
  else if (decoded_size) t.content_size = decoded_size;
  t.prefix = prefix;
  std::string error;
  const auto layout = cdma::tensorio::check_frame_tensor(t, error);
  if (!layout) raise_error(CDMA_ERROR_metadata_invalid, error);
  return layout->fortran_order();
}

py::dict frame_info(py::handle src, std::optional<uint64_t> decoded_size) {
  BufferView in(src, false);
  cdma_frame_info info;
  check(cdma_get_frame_info(&info, sizeof info, in.data(), in.size()));
  const bool fortran_order = check_tensor(info, file_prefix_of(in, info), decoded_size);
  py::dict d;
  d["content_size"] = info.content_size == CDMA_CONTENTSIZE_UNKNOWN
                          ? py::object(py::none())
                          : py::object(py::int_(info.content_size));
  d["header_size"] = info.header_size;
  d["prefix_size"] = info.prefix_size;
  d["format_version"] = info.format_version;
  d["element_width"] = info.element_width;
  d["block_size"] = info.block_size;
  d["codec"] = info.codec;
  d["level"] = info.level;
  d["has_checksum"] = info.has_checksum != 0;
  d["dtype"] = info.dtype[0] != '\0' ? py::object(py::str(info.dtype)) : py::object(py::none());
  if (info.has_shape != 0) {
    py::tuple shape(info.ndim);
    for (uint32_t i = 0; i < info.ndim; ++i) shape[i] = py::int_(info.shape[i]);
    d["shape"] = shape;
  } else {
    d["shape"] = py::none();
  }
  d["fortran_order"] = fortran_order;
  return d;
}

py::bytes file_prefix(py::handle src) {
  BufferView in(src, false);
  cdma_frame_info info;
  check(cdma_get_frame_info(&info, sizeof info, in.data(), in.size()));
  const std::vector<uint8_t> prefix = file_prefix_of(in, info);
  return py::bytes(reinterpret_cast<const char*>(prefix.data()), prefix.size());
}

// Content bytes [offset, offset + length) of one frame; the caller (Python)
// has checked the range against the frame's content size before this
// allocates `length` bytes.
py::bytes decompress_range(py::handle src, uint64_t offset, uint64_t length, int threads) {
  BufferView in(src, false);
  DctxPtr dctx = make_dctx(threads);
  BytesOut out(length);
  size_t n;
  {
    py::gil_scoped_release nogil;
    n = cdma_decompress_range(dctx.get(), out.data(), out.capacity(), in.data(), in.size(),
                              offset, length);
  }
  return out.finish(check(n));
}

size_t frame_size(py::handle src) {
  BufferView in(src, false);
  size_t n;
  {
    py::gil_scoped_release nogil;  // walks every block header of a large frame
    n = cdma_find_frame_compressed_size(in.data(), in.size());
  }
  return check(n);
}

py::object error_name(int code) {
  const char* s = error_identifier(static_cast<cdma_error_code>(code));
  return s != nullptr ? py::object(py::str(s)) : py::object(py::none());
}

}  // namespace

void bind_oneshot(py::module_& m) {
  m.def("compress", &compress_py, py::arg("src"), py::arg("element_width"), py::arg("level"),
        py::arg("codec"), py::arg("threads"), py::arg("checksum"), py::arg("dtype"),
        py::arg("shape"), "Compress a C-contiguous buffer into one frame (bytes).");
  m.def("compress_into", &compress_into, py::arg("src"), py::arg("dst"),
        py::arg("element_width"), py::arg("level"), py::arg("codec"), py::arg("threads"),
        py::arg("checksum"),
        "Compress a C-contiguous buffer into one frame in the writable buffer `dst`; "
        "returns the frame's size.");
  m.def("decompress_into", &decompress_into, py::arg("src"), py::arg("dst"), py::arg("threads"),
        "Decode the single frame `src` into the writable buffer `dst`; returns the size.");
  m.def("frame_info", &frame_info, py::arg("src"), py::arg("decoded_size") = py::none(),
        "Parse a frame header into a dict; raises cdma.Error when its tensor metadata is "
        "inconsistent (with `decoded_size` as the content size when the header has none).");
  m.def("file_prefix", &file_prefix, py::arg("src"),
        "The file prefix (a .npy header) recorded in the frame header, as bytes.");
  m.def("decompress_range", &decompress_range, py::arg("src"), py::arg("offset"),
        py::arg("length"), py::arg("threads"),
        "Decode content bytes [offset, offset + length) of one frame.");
  m.def("frame_size", &frame_size, py::arg("src"),
        "Size of the frame at the start of `src`, found by walking its block headers.");
  m.def("compress_bound", [](size_t n) { return check(cdma_compress_bound(n)); });
  m.def("error_name", &error_name, py::arg("code"));
  m.def("error_string", [](int code) {
    return std::string(cdma_error_string(static_cast<cdma_error_code>(code)));
  });
}

}  // namespace cdma_py

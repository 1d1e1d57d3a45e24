#include "errors.hpp"

namespace py = pybind11;

namespace cdma_py {
namespace {

PyObject* g_error = nullptr;  // cdma.Error, owned by the module once created

}  // namespace

const char* error_identifier(cdma_error_code code) {
  // Mirrors cdma_errors.h; tests/test_errors.py checks that every code the
  // library describes has a name here.
  switch (code) {
    case CDMA_ERROR_no_error: return "no_error";
    case CDMA_ERROR_generic: return "generic";
    case CDMA_ERROR_prefix_unknown: return "prefix_unknown";
    case CDMA_ERROR_version_unsupported: return "version_unsupported";
    case CDMA_ERROR_reserved_bits_set: return "reserved_bits_set";
    case CDMA_ERROR_codec_unknown: return "codec_unknown";
    case CDMA_ERROR_header_checksum_wrong: return "header_checksum_wrong";
    case CDMA_ERROR_frame_parameter_invalid: return "frame_parameter_invalid";
    case CDMA_ERROR_src_size_wrong: return "src_size_wrong";
    case CDMA_ERROR_corruption_detected: return "corruption_detected";
    case CDMA_ERROR_checksum_wrong: return "checksum_wrong";
    case CDMA_ERROR_dst_too_small: return "dst_too_small";
    case CDMA_ERROR_parameter_unsupported: return "parameter_unsupported";
    case CDMA_ERROR_parameter_out_of_bound: return "parameter_out_of_bound";
    case CDMA_ERROR_memory_allocation: return "memory_allocation";
    case CDMA_ERROR_memory_limit_exceeded: return "memory_limit_exceeded";
    case CDMA_ERROR_null_argument: return "null_argument";
    case CDMA_ERROR_metadata_invalid: return "metadata_invalid";
    case CDMA_ERROR_context_in_use: return "context_in_use";
    case CDMA_ERROR_stage_wrong: return "stage_wrong";
    case CDMA_ERROR_maxCode: break;
  }
  return nullptr;
}

void register_error(py::module_& m) {
  g_error = PyErr_NewExceptionWithDoc(
      "cdma.Error",
      "An error reported by the cdma library.\n\n"
      "Attributes: code (int, from cdma_errors.h), name (its identifier, such as\n"
      "'corruption_detected'); str(e) is the library's description.",
      PyExc_Exception, nullptr);
  if (g_error == nullptr) throw py::error_already_set();
  m.add_object("Error", py::handle(g_error));
}

void raise_error(cdma_error_code code, const std::string& detail) {
  const char* ident = error_identifier(code);
  std::string text = cdma_error_string(code);
  if (!detail.empty()) text += ": " + detail;
  py::object exc = py::reinterpret_borrow<py::object>(g_error)(py::str(text));
  exc.attr("code") = py::int_(static_cast<int>(code));
  exc.attr("name") = ident != nullptr ? py::str(ident) : py::str("unknown");
  PyErr_SetObject(g_error, exc.ptr());
  throw py::error_already_set();
}

}  // namespace cdma_py

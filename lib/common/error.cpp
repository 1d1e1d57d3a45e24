#include "common/error.hpp"

namespace cdma {

// One switch of messages; the wording is what CLI users see after "cdma: FILE: ".
const char* error_message(cdma_error_code code) {
  switch (code) {
    case CDMA_ERROR_no_error: return "No error detected";
    case CDMA_ERROR_generic: return "Error (generic)";
    case CDMA_ERROR_prefix_unknown: return "Unknown frame descriptor (not a cdma frame)";
    case CDMA_ERROR_version_unsupported: return "Frame format version not supported";
    case CDMA_ERROR_reserved_bits_set: return "Reserved bits set in frame";
    case CDMA_ERROR_codec_unknown: return "Block uses an unknown codec id";
    case CDMA_ERROR_header_checksum_wrong: return "Frame header checksum is wrong";
    case CDMA_ERROR_frame_parameter_invalid: return "Frame parameter out of range";
    case CDMA_ERROR_src_size_wrong: return "Source size wrong (truncated frame or trailing bytes)";
    case CDMA_ERROR_corruption_detected: return "Data corruption detected";
    case CDMA_ERROR_checksum_wrong: return "Content checksum is wrong";
    case CDMA_ERROR_dst_too_small: return "Destination buffer is too small";
    case CDMA_ERROR_parameter_unsupported: return "Unsupported parameter";
    case CDMA_ERROR_parameter_out_of_bound: return "Parameter is out of bound";
    case CDMA_ERROR_memory_allocation: return "Allocation error: not enough memory";
    case CDMA_ERROR_memory_limit_exceeded: return "Frame requires more memory than the limit allows";
    case CDMA_ERROR_null_argument: return "Required argument is NULL";
    case CDMA_ERROR_metadata_invalid: return "Tensor metadata is invalid";
    case CDMA_ERROR_context_in_use: return "Context is in use by another thread";
    case CDMA_ERROR_stage_wrong: return "An earlier call on this stream failed; reset the context";
    case CDMA_ERROR_maxCode: break;
  }
  return "Unspecified error code";
}

}  // namespace cdma

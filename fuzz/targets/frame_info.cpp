// Frame inspection of arbitrary bytes: cdma_get_frame_info,
// cdma_get_content_size, cdma_get_file_prefix and
// cdma_find_frame_compressed_size must agree with each other and report
// only values the format allows.
#include "fuzz_util.hpp"

using namespace cdma::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Exact src(data, size);
  cdma_frame_info info;
  const size_t h = cdma_get_frame_info(&info, sizeof info, src.data(), src.size());
  const uint64_t content = cdma_get_content_size(src.data(), src.size());
  const size_t frame = cdma_find_frame_compressed_size(src.data(), src.size());
  if (cdma_is_error(h)) {
    // Every inspection call refuses a header that get_frame_info refuses.
    FUZZ_CHECK(content == CDMA_CONTENTSIZE_ERROR);
    FUZZ_CHECK(cdma_is_error(frame));
    FUZZ_CHECK(cdma_is_error(cdma_get_file_prefix(nullptr, 0, src.data(), src.size())));
    return 0;
  }
  FUZZ_CHECK(h == info.header_size && h <= size && h >= 24);
  FUZZ_CHECK(info.content_size == content);
  FUZZ_CHECK(info.format_version == 1);
  FUZZ_CHECK(info.element_width == 1 || info.element_width == 2 || info.element_width == 4 ||
             info.element_width == 8);
  FUZZ_CHECK(info.block_size >= 4096 && info.block_size <= (1u << 24) &&
             (info.block_size & (info.block_size - 1)) == 0);
  FUZZ_CHECK(info.has_checksum <= 1 && info.has_shape <= 1);
  FUZZ_CHECK(info.ndim <= CDMA_MAX_NDIM && (info.has_shape || info.ndim == 0));
  FUZZ_CHECK(std::memchr(info.dtype, 0, sizeof info.dtype) != nullptr);
  for (const char* c = info.dtype; *c; ++c) FUZZ_CHECK(*c >= 0x21 && *c <= 0x7E);
  FUZZ_CHECK(info.prefix_size <= CDMA_MAX_PREFIX && info.prefix_size < h);
  if (!cdma_is_error(frame)) FUZZ_CHECK(frame > h && frame <= size);

  // The prefix fits a buffer of exactly its size and not one byte less.
  Exact prefix(static_cast<size_t>(info.prefix_size));
  FUZZ_CHECK(cdma_get_file_prefix(prefix.data(), prefix.size(), src.data(), src.size()) == info.prefix_size);
  if (info.prefix_size > 0) {
    const size_t r = cdma_get_file_prefix(prefix.data(), prefix.size() - 1, src.data(), src.size());
    FUZZ_CHECK_R(is_code(r, CDMA_ERROR_dst_too_small), r);
  }
  // A smaller struct size is refused rather than overrun.
  FUZZ_CHECK(is_code(cdma_get_frame_info(&info, sizeof info - 1, src.data(), src.size()),
                     CDMA_ERROR_parameter_out_of_bound));
  return 0;
}

// The .npy header parser (lib/tensorio) on arbitrary bytes: a parsed header
// is self-consistent, and a refusal always says why. The shape parser of
// --shape and the dtype mapping run on the same bytes.
#include <string>
#include <string_view>

#include "fuzz_util.hpp"
#include "tensorio/dtype.hpp"
#include "tensorio/npy.hpp"
#include "tensorio/shape.hpp"

using namespace cdma::fuzz;
namespace tio = cdma::tensorio;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Exact bytes(data, size);
  std::string error;
  const auto h = tio::parse_npy_header({bytes.data(), bytes.size()}, error);
  if (!h) {
    FUZZ_CHECK(!error.empty());
  } else {
    FUZZ_CHECK(tio::has_npy_magic({bytes.data(), bytes.size()}));
    FUZZ_CHECK(h->major >= 1 && h->major <= 3 && h->minor == 0);
    FUZZ_CHECK(h->header_len <= tio::kNpyMaxHeaderLen);
    FUZZ_CHECK(h->data_offset == (h->major == 1 ? 10 : 12) + h->header_len && h->data_offset <= size);
    uint64_t count = 0, bytes_needed = 0;
    FUZZ_CHECK(tio::element_count(h->shape, &count) && count == h->element_count);
    FUZZ_CHECK(tio::checked_mul(count, h->dtype.itemsize, &bytes_needed) && bytes_needed == h->data_size);
    FUZZ_CHECK(h->dtype.itemsize > 0);
    FUZZ_CHECK(tio::zvc_element_width(h->dtype.itemsize) <= 8);
    (void)tio::dtype_for_npy(h->dtype);
    std::string why;
    const bool fits = tio::check_npy_data_size(*h, size, why);
    FUZZ_CHECK(fits == (size - h->data_offset == h->data_size));
    FUZZ_CHECK(fits == why.empty());
  }
  // The same bytes as a --shape argument and a --dtype name.
  const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  std::string why;
  if (const auto dims = tio::parse_shape(text, why)) {
    FUZZ_CHECK(!tio::format_shape(*dims).empty() || dims->empty());
  } else {
    FUZZ_CHECK(!why.empty());
  }
  if (const auto w = tio::dtype_width(text)) FUZZ_CHECK(*w == 1 || *w == 2 || *w == 4 || *w == 8);
  return 0;
}

#include "npy_builder.hpp"

namespace cdma::test {

std::vector<uint8_t> npy_bytes(unsigned major, const std::string& dict,
                               const std::vector<uint8_t>& data, unsigned align, unsigned minor) {
  const size_t len_bytes = major == 1 ? 2 : 4;
  const size_t prelude = 8 + len_bytes;
  const size_t total = (prelude + dict.size() + 1 + align - 1) / align * align;
  const size_t header_len = total - prelude;
  std::vector<uint8_t> out = {0x93, 'N', 'U', 'M', 'P', 'Y', static_cast<uint8_t>(major),
                              static_cast<uint8_t>(minor)};
  for (size_t i = 0; i < len_bytes; ++i) out.push_back(static_cast<uint8_t>(header_len >> (8 * i)));
  out.insert(out.end(), dict.begin(), dict.end());
  out.resize(total - 1, ' ');
  out.push_back('\n');
  out.insert(out.end(), data.begin(), data.end());
  return out;
}

std::string npy_dict(const std::string& descr, const std::string& shape, bool fortran) {
  return "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") +
         ", 'shape': " + shape + ", }";
}

}  // namespace cdma::test

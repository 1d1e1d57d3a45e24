// Writing .npy bytes by hand, so that tests can make every header NumPy
// writes and every one it would refuse.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace cdma::test {

// "\x93NUMPY" major.minor, the header length field (2 bytes for v1, 4 for
// v2/v3), `dict`, then spaces and '\n' up to a multiple of `align` (64 as
// NumPy writes today, 16 as it used to), then `data`.
std::vector<uint8_t> npy_bytes(unsigned major, const std::string& dict,
                               const std::vector<uint8_t>& data = {}, unsigned align = 64,
                               unsigned minor = 0);

// The dict NumPy writes for a plain dtype.
std::string npy_dict(const std::string& descr, const std::string& shape, bool fortran = false);

// Little-endian bytes of `values` as `T`.
template <class T>
std::vector<uint8_t> le_bytes(const std::vector<T>& values) {
  std::vector<uint8_t> out(values.size() * sizeof(T));
  for (size_t i = 0; i < values.size(); ++i) {
    auto* src = reinterpret_cast<const uint8_t*>(&values[i]);  // the test host is little-endian
    for (size_t b = 0; b < sizeof(T); ++b) out[i * sizeof(T) + b] = src[b];
  }
  return out;
}

}  // namespace cdma::test

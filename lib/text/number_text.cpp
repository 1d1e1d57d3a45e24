#include "text/number_text.hpp"

#include <cstdio>

namespace cdma::text {

std::string fixed(double v, int digits) {
  char buf[352];  // "%.17f" of DBL_MAX is 327 characters
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string general(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*g", digits, v);
  return buf;
}

}  // namespace cdma::text

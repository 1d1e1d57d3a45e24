#include "model/format.hpp"

#include <cmath>

#include "text/number_text.hpp"

namespace cdma::model {

std::string fmt_time(double s) {
  // Decimals shrink as the value grows so every time shows ~4 digits.
  auto scaled = [](double v, const char* unit) {
    const int decimals = v >= 100 ? 1 : v >= 10 ? 2 : 3;
    return text::fixed(v, decimals) + " " + unit;
  };
  if (s == 0) return "0";
  if (std::fabs(s) < 1e-3) return scaled(s * 1e6, "us");
  if (std::fabs(s) < 1) return scaled(s * 1e3, "ms");
  return scaled(s, "s");
}

std::string fmt_rate(double bps) { return text::fixed(bps / 1e9, 2) + " GB/s"; }

std::string fmt_flops(double f) { return text::fixed(f / 1e12, 2) + " TFLOP/s"; }

}  // namespace cdma::model

// Numbers as the text report prints them: a time in the unit that keeps 3-4
// significant digits, rates in decimal GB/s (as PCIe and DRAM are quoted).
// Plain fixed-point numbers are text::fixed (text/number_text.hpp).
#pragma once

#include <cstdint>
#include <string>

namespace cdma::model {

std::string fmt_time(double seconds);       // "41.6 us", "65.24 ms", "1.234 s"
std::string fmt_rate(double bytes_per_s);   // "12.60 GB/s"
std::string fmt_flops(double flops_per_s);  // "12.15 TFLOP/s"

}  // namespace cdma::model

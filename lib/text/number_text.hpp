// Numbers as text for the tools' reports: printf's "%.*f" and "%.*g" into a
// std::string, the one home of both for analyze, the bench kit, the cost
// model, the JSON writer and the SVG plots (the C locale's '.': every tool
// sets no other).
#pragma once

#include <string>

namespace cdma::text {

// "%.<digits>f": fixed(2.5, 3) is "2.500".
std::string fixed(double v, int digits);

// "%.<digits>g": general(0.000123, 3) is "0.000123", general(1e20, 3) "1e+20".
std::string general(double v, int digits);

}  // namespace cdma::text

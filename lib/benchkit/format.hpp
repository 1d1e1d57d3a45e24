// Renderings of a bench Run; each returns the whole text.
//  - table: for a terminal; speeds in GB/s (1e9 bytes of *uncompressed*
//    data per second, both directions) and as a fraction of memcpy's.
//  - json, csv: the same figures plus the exact byte counts and seconds.
#pragma once

#include <string>

#include "benchkit/runner.hpp"

namespace cdma::benchkit {

std::string format_table(const Run& run);
std::string format_json(const Run& run);
std::string format_csv(const Run& run);

}  // namespace cdma::benchkit

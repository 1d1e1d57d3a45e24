// Renderings of a Report. Each returns the whole text; the caller writes it.
//
//  - table: aligned columns for a terminal. Per tensor, per directory pool
//    and the total: dtype, shape, elements, density, mean zero run, the
//    fraction of zeros in runs of 32 or more, all-zero channels, exponent
//    entropy, then one ratio per cdma codec (its best level) and per
//    library baseline, and the best method overall.
//  - json: every figure, every method's compressed size and ratio, the
//    exact counts behind the fractions. For scripts.
//  - csv: one row per tensor, directory and total (column `kind`), every
//    method's ratio as a column. For spreadsheets.
#pragma once

#include <string>

#include "analyze/report.hpp"

namespace cdma::analyze {

std::string format_table(const Report& r);
std::string format_json(const Report& r);
std::string format_csv(const Report& r);

}  // namespace cdma::analyze

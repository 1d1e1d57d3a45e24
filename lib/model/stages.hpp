// Training stages: compression ratios change as a network trains (ReLU
// outputs grow sparser or denser), so the engine's gain does too. A stages
// directory holds one dumps directory per stage (the shared corpus has
// init/early/mid/final); each is measured as --dumps would, on the same
// layers, giving one speed-up per stage: the curve the report shows
// (report.hpp, StagesReport; model.hpp, build_stages_report).
#pragma once

#include <string>
#include <vector>


namespace cdma::model {

// The stage directories in `dir`: init, early, mid, final first in that
// order, then any others by name. Throws ModelError: io when `dir` cannot be
// listed or an entry cannot be read (a symlink loop), data when it holds no
// directory or more than kMaxStages.
std::vector<std::string> list_stages(const std::string& dir);

inline constexpr size_t kMaxStages = 64;

}  // namespace cdma::model

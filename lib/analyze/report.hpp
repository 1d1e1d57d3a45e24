// Everything `cdma analyze` prints: the figures of each tensor analysed, the
// pools per directory, and the total. Built once, then rendered as a table,
// JSON, CSV or an SVG plot (format.hpp).
#pragma once

#include <span>
#include <string>
#include <vector>

#include "analyze/analyze.hpp"

namespace cdma::analyze {

struct Report {
  const RatioPlan* plan = nullptr;
  std::vector<Figures> tensors;        // the successful jobs, in job order
  std::vector<std::string> tensor_dirs;  // parallel to tensors: Job::directory
  std::vector<Figures> directories;    // one pool per directory, by name
  Figures total;
};

// Pools the successful outcomes into their jobs' groups and the total.
Report build_report(std::span<const Job> jobs, std::span<const Outcome> outcomes,
                    const RatioPlan& plan);

}  // namespace cdma::analyze

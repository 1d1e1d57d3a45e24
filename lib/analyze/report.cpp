#include "analyze/report.hpp"

#include <map>

namespace cdma::analyze {

Report build_report(std::span<const Job> jobs, std::span<const Outcome> outcomes,
                    const RatioPlan& plan) {
  Report r;
  r.plan = &plan;
  r.total.name = "total";
  r.total.measured_bytes.assign(plan.methods.size(), 0);
  r.total.compressed.assign(plan.methods.size(), 0);
  std::map<std::string, Figures> pools;  // sorted by name: a parent before its children
  for (size_t i = 0; i < jobs.size() && i < outcomes.size(); ++i) {
    if (!outcomes[i].figures) continue;
    const Figures& f = *outcomes[i].figures;
    r.tensors.push_back(f);
    r.tensor_dirs.push_back(jobs[i].directory);
    for (const std::string& g : jobs[i].groups) {
      Figures& pool = pools[g];
      pool.name = g;
      pool.add(f);
    }
    r.total.add(f);
  }
  for (auto& [name, pool] : pools) r.directories.push_back(std::move(pool));
  return r;
}

}  // namespace cdma::analyze

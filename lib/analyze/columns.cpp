#include "analyze/columns.hpp"

namespace cdma::analyze {

std::vector<CodecColumn> codec_columns(const RatioPlan& plan) {
  std::vector<CodecColumn> cols;
  for (size_t m = 0; m < plan.methods.size(); ++m) {
    const Method& method = plan.methods[m];
    const std::string header = method.family == Family::cdma ? method.codec : method.label;
    if (method.family == Family::cdma && !cols.empty() && cols.back().header == header) {
      cols.back().methods.push_back(m);
    } else {
      cols.push_back({header, {m}});
    }
  }
  return cols;
}

std::optional<std::pair<size_t, double>> best_of(const Figures& f,
                                                 const std::vector<size_t>& methods) {
  std::optional<std::pair<size_t, double>> best;
  for (const size_t m : methods) {
    const auto r = f.ratio(m);
    if (r && (!best || *r > best->second)) best = std::pair{m, *r};
  }
  return best;
}

std::string zero_channels_text(const Figures& f) {
  if (!f.channels) return "-";
  return std::to_string(f.channels->zero_channels) + "/" + std::to_string(f.channels->channels);
}

}  // namespace cdma::analyze

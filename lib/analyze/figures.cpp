#include "analyze/figures.hpp"

#include <algorithm>

namespace cdma::analyze {
namespace {

void add_name(std::string& names, const std::string& name) {
  if (name.empty()) return;
  size_t pos = 0;
  while (pos <= names.size()) {  // already listed?
    const size_t end = std::min(names.find(',', pos), names.size());
    if (names.compare(pos, end - pos, name) == 0) return;
    pos = end + 1;
  }
  if (!names.empty()) names += ',';
  names += name;
}

}  // namespace

void Figures::add(const Figures& t) {
  add_name(dtype, t.dtype);
  tensors += t.tensors;
  bytes += t.bytes;
  zeros.add(t.zeros);
  if (t.channels) {
    if (!channels) {
      channels = ChannelCounts{t.channels->layout, 0, 0, 0, 0};
    } else if (channels->layout != t.channels->layout) {
      channels->layout = "mixed";
    }
    channels->channels += t.channels->channels;
    channels->zero_channels += t.channels->zero_channels;
    channels->maps += t.channels->maps;
    channels->zero_maps += t.channels->zero_maps;
  }
  if (measured_bytes.size() < t.measured_bytes.size()) {
    measured_bytes.resize(t.measured_bytes.size());
    compressed.resize(t.measured_bytes.size());
  }
  for (size_t m = 0; m < t.measured_bytes.size(); ++m) {
    measured_bytes[m] += t.measured_bytes[m];
    compressed[m] += t.compressed[m];
  }
}

std::optional<double> Figures::ratio(size_t m) const {
  if (m >= measured_bytes.size() || measured_bytes[m] == 0 || compressed[m] == 0)
    return std::nullopt;
  return double(measured_bytes[m]) / double(compressed[m]);
}

std::optional<size_t> Figures::best() const {
  std::optional<size_t> best;
  double best_ratio = 0.0;
  for (size_t m = 0; m < measured_bytes.size(); ++m) {
    const auto r = ratio(m);
    if (r && *r > best_ratio) {
      best = m;
      best_ratio = *r;
    }
  }
  return best;
}

std::optional<double> Figures::exponent_entropy() const {
  if (!has_symbols(zeros.exponent_histogram)) return std::nullopt;
  return entropy_bits(zeros.exponent_histogram);
}

}  // namespace cdma::analyze

// The PCIe link between GPU and host: per-lane signalling rate of each
// generation, its line-code (gen3-5) or FLIT (gen6) overhead, and one
// protocol efficiency for the rest (TLP headers, DLLPs, flow control, DMA
// gaps). docs/cost-model.md, "Link", gives every number and its source.
#pragma once

#include <optional>
#include <string>

namespace cdma::model {

struct LinkSpec {
  int gen = 3;                        // PCIe generation, 3..6
  int lanes = 16;                     // 1, 2, 4, 8 or 16
  double protocol_efficiency = 0.80;  // achieved bytes / bytes the encoding allows
  double latency_s = 5e-6;            // fixed cost of one transfer (DMA set-up)
  // A bandwidth the user measured (bytes/s per direction, e.g. with
  // bandwidthTest); when set it replaces the formula and gen/lanes are labels.
  std::optional<double> measured_bps;
};

// Transfers per second on one lane (8e9 for gen3's 8 GT/s).
double pcie_transfers_per_s(int gen);

// Fraction of the raw bits that carry data after the line code (128b/130b
// for gen3-5) or, for gen6, the FLIT framing (FEC, CRC and DLP bytes).
double pcie_encoding_efficiency(int gen);

// Bytes/s per direction the encoding allows: transfers * lanes * efficiency / 8.
double link_encoded_bps(const LinkSpec& link);

// The bandwidth the model uses: measured_bps, or encoded * protocol_efficiency.
double link_bandwidth(const LinkSpec& link);

// "PCIe 3.0 x16", or "measured link (PCIe 3.0 x16 slot)" with measured_bps.
std::string link_name(const LinkSpec& link);

// Throws ModelError(usage) naming the first field out of range.
void validate_link(const LinkSpec& link);

}  // namespace cdma::model

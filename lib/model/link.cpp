#include "model/link.hpp"

#include "model/errors.hpp"

namespace cdma::model {

double pcie_transfers_per_s(int gen) {
  // PCI-SIG base specifications: gen3 8 GT/s, gen4 16, gen5 32, gen6 64
  // (gen6 signals PAM4 at 32 GBaud, two bits per symbol).
  switch (gen) {
    case 3: return 8e9;
    case 4: return 16e9;
    case 5: return 32e9;
    case 6: return 64e9;
    default: return 0;
  }
}

double pcie_encoding_efficiency(int gen) {
  // gen3-5: 128b/130b line code. gen6 drops the line code; its 256-byte FLIT
  // carries 236 bytes of TLPs, the rest is DLP (6), CRC (8) and FEC (6).
  if (gen >= 3 && gen <= 5) return 128.0 / 130.0;
  if (gen == 6) return 236.0 / 256.0;
  return 0;
}

double link_encoded_bps(const LinkSpec& link) {
  return pcie_transfers_per_s(link.gen) * link.lanes * pcie_encoding_efficiency(link.gen) / 8.0;
}

double link_bandwidth(const LinkSpec& link) {
  if (link.measured_bps) return *link.measured_bps;
  return link_encoded_bps(link) * link.protocol_efficiency;
}

std::string link_name(const LinkSpec& link) {
  const std::string pcie = "PCIe " + std::to_string(link.gen) + ".0 x" + std::to_string(link.lanes);
  return link.measured_bps ? "measured link (" + pcie + " slot)" : pcie;
}

void validate_link(const LinkSpec& link) {
  auto fail = [](const std::string& what) { throw ModelError(ErrorKind::usage, what); };
  if (pcie_transfers_per_s(link.gen) == 0)
    fail("PCIe generation " + std::to_string(link.gen) + " is not modelled (3, 4, 5 or 6)");
  const int l = link.lanes;
  if (l != 1 && l != 2 && l != 4 && l != 8 && l != 16)
    fail("PCIe lane count " + std::to_string(l) + " is not one of 1, 2, 4, 8, 16");
  if (!(link.protocol_efficiency > 0 && link.protocol_efficiency <= 1))
    fail("link efficiency must be in (0, 1]");
  if (!(link.latency_s >= 0)) fail("link latency must be >= 0");
  if (link.measured_bps && !(*link.measured_bps > 0)) fail("measured link bandwidth must be > 0");
}

}  // namespace cdma::model

#include "container_find.hpp"

#include "container_npz.hpp"
#include "container_safetensors.hpp"
#include "failure.hpp"
#include "text/escape.hpp"

namespace cdma::cli {

size_t find_tensor_frame(std::span<const uint8_t> file, const std::vector<FrameSpan>& frames,
                         const std::string& name) {
  std::vector<std::string> names;
  if (const auto st = find_safetensors(file, frames)) {
    for (size_t k = 0; k < st->layout.tensors.size(); ++k) {
      if (st->layout.tensors[k].name == name) return k + 1;
      names.push_back(st->layout.tensors[k].name);
    }
  } else {
    for (const NpzFrameMember& m : find_npz_members(file, frames)) {
      if (m.name == name || m.name == name + ".npy") return m.frame;
      names.push_back(m.name);
    }
  }
  if (names.empty())
    throw CliError(kExitUsage, "--tensor needs a compressed safetensors or .npz file (with stored "
                               "members); this one names no tensors");
  std::string some;
  for (size_t k = 0; k < names.size() && k < 5; ++k) some += (k ? ", " : "") + text::quote_name(names[k]);
  if (names.size() > 5) some += ", ...";
  throw CliError(kExitUsage, "--tensor " + name + ": no such tensor (it has " + some + ")");
}

}  // namespace cdma::cli

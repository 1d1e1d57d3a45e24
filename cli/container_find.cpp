#include "container_find.hpp"

#include <cstring>

#include "container_safetensors.hpp"
#include "failure.hpp"

namespace cdma::cli {

std::string zip_member_name(std::span<const uint8_t> prefix) {
  constexpr size_t kLocalSize = 30;
  if (prefix.size() < kLocalSize || std::memcmp(prefix.data(), "PK\x03\x04", 4) != 0) return {};
  const size_t n = prefix[26] | (prefix[27] << 8);
  if (prefix.size() < kLocalSize + n) return {};
  return std::string(reinterpret_cast<const char*>(prefix.data()) + kLocalSize, n);
}

size_t find_tensor_frame(std::span<const uint8_t> file, const std::vector<FrameSpan>& frames,
                         const std::string& name) {
  std::vector<std::string> names;
  if (const auto st = find_safetensors(file, frames)) {
    for (size_t k = 0; k < st->layout.tensors.size(); ++k) {
      if (st->layout.tensors[k].name == name) return k + 1;
      names.push_back(st->layout.tensors[k].name);
    }
  } else {
    for (size_t k = 0; k < frames.size(); ++k) {
      if (frames[k].info.prefix_size == 0) continue;
      const std::string member =
          zip_member_name(read_file_prefix(frames[k].info, file.subspan(frames[k].offset, frames[k].size)));
      if (member.empty()) continue;
      if (member == name || member == name + ".npy") return k;
      names.push_back(member);
    }
  }
  if (names.empty())
    throw CliError(kExitUsage, "--tensor needs a compressed safetensors or .npz file (with stored "
                               "members); this one names no tensors");
  std::string some;
  for (size_t k = 0; k < names.size() && k < 5; ++k) some += (k ? ", " : "") + names[k];
  if (names.size() > 5) some += ", ...";
  throw CliError(kExitUsage, "--tensor " + name + ": no such tensor (it has " + some + ")");
}

}  // namespace cdma::cli

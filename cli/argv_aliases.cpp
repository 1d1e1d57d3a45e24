#include "argv_aliases.hpp"

#include <string_view>

namespace cdma::cli {
namespace {

std::string_view subcommand_for(std::string_view arg) {
  if (arg == "-z" || arg == "--compress") return "compress";
  if (arg == "-d" || arg == "--decompress") return "decompress";
  if (arg == "-t" || arg == "--test") return "test";
  if (arg == "-l" || arg == "--list") return "info";
  return {};
}

// "-1" .. "-9": zstd's level flags.
bool is_level_flag(std::string_view arg) {
  return arg.size() == 2 && arg[0] == '-' && arg[1] >= '1' && arg[1] <= '9';
}

}  // namespace

AliasedArgv::AliasedArgv(int argc, char** argv) : args_(argv, argv + argc) {
  if (args_.size() > 1) {
    const std::string_view sub = subcommand_for(args_[1]);
    if (!sub.empty()) args_[1] = std::string(sub);
    // `cdma -3 F` compresses, as `zstd -3 F` does.
    if (is_level_flag(args_[1])) args_.insert(args_.begin() + 1, "compress");
  }
  if (args_.size() > 1 && args_[1] == "compress") {
    for (size_t i = 2; i < args_.size() && args_[i] != "--"; ++i) {
      if (is_level_flag(args_[i])) args_[i] = "--level=" + args_[i].substr(1);
    }
  }
  for (std::string& a : args_) pointers_.push_back(a.data());
}

}  // namespace cdma::cli

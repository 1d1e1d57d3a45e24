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

}  // namespace

AliasedArgv::AliasedArgv(int argc, char** argv) : args_(argv, argv + argc) {
  if (args_.size() > 1) {
    const std::string_view sub = subcommand_for(args_[1]);
    if (!sub.empty()) args_[1] = std::string(sub);
  }
  for (std::string& a : args_) pointers_.push_back(a.data());
}

}  // namespace cdma::cli

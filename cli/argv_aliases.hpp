// zstd's one-letter modes as aliases of the subcommands, so that a zstd
// user's fingers work: `cdma -d F` is `cdma decompress F`, `cdma -t F` is
// `cdma test F`, `cdma -l F` is `cdma info F`, `cdma -z F` is `cdma compress
// F`. Only the first argument is looked at, so subcommand options such as
// `compress -l 9` (the level) keep their meaning. zstd's level flags work
// too: `cdma compress -3 F` and `cdma -3 F` are `cdma compress --level=3 F`.
#pragma once

#include <string>
#include <vector>

namespace cdma::cli {

// argv with an alias in argv[1] replaced by its subcommand. The strings
// live in the returned vector; pointers() gives what CLI11 parses.
class AliasedArgv {
 public:
  AliasedArgv(int argc, char** argv);
  int argc() const { return static_cast<int>(pointers_.size()); }
  char** argv() { return pointers_.data(); }

 private:
  std::vector<std::string> args_;
  std::vector<char*> pointers_;
};

}  // namespace cdma::cli

// zstd's command lines, rewritten into cdma's subcommands before CLI11
// parses them, so that a zstd user's fingers work:
//  - mode flags anywhere in the line: `cdma -d F`, `cdma F -d`, `cdma -c -d
//    F` are `cdma decompress ...`; -z compress, -t test, -l info (list);
//    with none of them the mode is compress, as in zstd;
//  - combined short flags: `-dc`, `-kc`, `-d19c`, `-T4`, `-ofile`;
//  - level flags `-1` .. `-9`; above cdma's highest level, zstd's `-19`
//    gets the highest, with a warning, as zstd does past its own maximum;
//    `-0` is the default level, as in zstd; decompress, test and info
//    ignore a level flag, as zstd -d -19 does.
// The rewriting follows the command line's grammar, taken from the CLI11
// app itself: the word after an option that takes a value (`-o -3`, `-T
// -1`) is that value and is never rewritten, nor is anything after `--`
// (how a file whose name begins with '-' is named). After an explicit
// subcommand (`cdma compress -l 9 F`) its own options keep their meaning;
// only level flags and combined flags are rewritten there.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace cdma::cli {

class AliasedArgv {
 public:
  // `app` must have all its subcommands and options already.
  AliasedArgv(int argc, char** argv, const CLI::App& app);
  AliasedArgv(const AliasedArgv&) = delete;
  AliasedArgv& operator=(const AliasedArgv&) = delete;

  int argc() const { return static_cast<int>(pointers_.size()); }
  char** argv() { return pointers_.data(); }
  // Notes for the user (a level clamped), to print unless -q.
  const std::vector<std::string>& warnings() const { return warnings_; }
  // Why the line cannot be rewritten (a level flag for bench), or empty.
  const std::string& error() const { return error_; }

 private:
  std::vector<std::string> args_;
  std::vector<char*> pointers_;
  std::vector<std::string> warnings_;
  std::string error_;
};

}  // namespace cdma::cli

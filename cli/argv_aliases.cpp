#include "argv_aliases.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <iterator>
#include <optional>
#include <string_view>

#include "cdma/cdma.h"

namespace cdma::cli {
namespace {

// The subcommands a zstd-style line (no subcommand named) may mean.
constexpr std::string_view kCodecCommands[] = {"compress", "decompress", "test", "info"};

// zstd's modes: -z, -d, -t, -l and their long spellings.
std::string_view mode_for_letter(char c) {
  switch (c) {
    case 'z': return "compress";
    case 'd': return "decompress";
    case 't': return "test";
    case 'l': return "info";
    default: return {};
  }
}

std::string_view mode_for_long(std::string_view word) {
  if (word == "--compress") return "compress";
  if (word == "--decompress" || word == "--uncompress") return "decompress";
  if (word == "--test") return "test";
  if (word == "--list") return "info";
  return {};
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

const CLI::App* find_subcommand(const CLI::App& app, std::string_view name) {
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; }))
    if (sub->get_name() == name) return sub;
  return nullptr;
}

// Whether the option named `name` (short: one letter; long: without the
// dashes) takes a value, by the first of `subs` that has it; nullopt when
// none has it.
std::optional<bool> takes_value(const std::vector<const CLI::App*>& subs, const std::string& name,
                                bool is_short) {
  for (const CLI::App* sub : subs) {
    for (const CLI::Option* opt : sub->get_options()) {
      if (!opt->nonpositional()) continue;
      if (is_short ? opt->check_sname(name) : opt->check_lname(name))
        return opt->get_items_expected_min() > 0;
    }
  }
  return std::nullopt;
}

// Rewrites the words after the subcommand, walking them as CLI11 will, so
// that a value is never mistaken for a flag.
class Rewriter {
 public:
  // `subs`: whose options the words may be. `command`: the subcommand
  // named on the line, or empty for a zstd-style line, where mode letters
  // pick it (compress when none does).
  Rewriter(std::vector<const CLI::App*> subs, std::string_view command)
      : subs_(std::move(subs)), command_(command), modes_(command.empty()) {}

  void walk(const std::vector<std::string>& words) {
    size_t i = 0;
    for (; i < words.size() && words[i] != "--"; ++i) {
      const std::string& w = words[i];
      bool value_follows = false;
      if (w.size() < 2 || w[0] != '-')
        out_.push_back({w});  // a file, or "-" for standard input
      else if (w[1] == '-')
        value_follows = long_word(w);
      else
        value_follows = short_cluster(w);
      if (value_follows && i + 1 < words.size()) out_.push_back({words[++i]});
    }
    for (; i < words.size(); ++i) out_.push_back({words[i]});  // "--" and every file after it
  }

  // The subcommand the line means.
  std::string command() const {
    if (!modes_) return std::string(command_);
    return mode_.empty() ? "compress" : std::string(mode_);
  }

  // The rewritten words, with level flags resolved for `sub` (the
  // subcommand the line turned out to mean).
  // A level flag for a subcommand without levels: decompress, test and
  // info ignore it, as zstd -d -19 does; any other is refused in `error`.
  std::vector<std::string> finish(const CLI::App* sub, std::vector<std::string>& warnings,
                                  std::string& error) const {
    const bool has_level = sub != nullptr && takes_value({sub}, "level", false).has_value();
    const cdma_bounds bounds = cdma_param_get_bounds(CDMA_P_LEVEL);
    std::vector<std::string> words;
    for (const Word& w : out_) {
      if (!w.level) {
        words.push_back(w.text);
        continue;
      }
      if (!has_level) {
        const bool codec = sub != nullptr && std::find(std::begin(kCodecCommands), std::end(kCodecCommands),
                                                       sub->get_name()) != std::end(kCodecCommands);
        if (!codec && error.empty())
          error = "-" + *w.level + ": a compression level, which " +
                  (sub != nullptr ? sub->get_name() : std::string("this command")) + " does not take";
        continue;
      }
      const std::string_view digits = std::string_view(*w.level).substr(
          std::min(w.level->find_first_not_of('0'), w.level->size()));
      if (digits.empty()) continue;  // -0: the default level, as in zstd
      int64_t level = bounds.upper + 1;  // anything longer than 18 digits is past it
      if (digits.size() <= 18) level = std::stoll(std::string(digits));
      if (level > bounds.upper) {
        warnings.push_back("-" + *w.level + ": cdma's levels go up to " + std::to_string(bounds.upper) +
                           "; using " + std::to_string(bounds.upper));
        level = bounds.upper;
      }
      words.push_back("--level=" + std::to_string(level));
    }
    return words;
  }

 private:
  struct Word {
    std::string text;
    std::optional<std::string> level = std::nullopt;  // the digits of a level flag
  };

  // --name or --name=value. Returns whether the next word is its value.
  bool long_word(const std::string& w) {
    if (modes_) {
      if (const std::string_view mode = mode_for_long(w); !mode.empty()) {
        mode_ = mode;
        return false;
      }
    }
    out_.push_back({w});
    if (w.find('=') != std::string::npos) return false;
    return takes_value(subs_, w.substr(2), false).value_or(false);
  }

  // -abc: letters, each a flag, a mode, or an option whose value is the
  // rest of the word (-T4, -ofile) or the next word; digits are a level.
  // Returns whether the next word is the value of the last letter.
  bool short_cluster(std::string_view w) {
    for (size_t k = 1; k < w.size();) {
      const char c = w[k];
      if (is_digit(c)) {
        const size_t end = std::min(w.find_first_not_of("0123456789", k), w.size());
        out_.push_back({"", std::string(w.substr(k, end - k))});
        k = end;
        continue;
      }
      if (modes_ && !mode_for_letter(c).empty()) {
        mode_ = mode_for_letter(c);
        ++k;
        continue;
      }
      const std::optional<bool> value = takes_value(subs_, std::string(1, c), true);
      if (!value) {
        // `cdma decompress -dc F`: the mode it already is.
        if (!command_.empty() && mode_for_letter(c) == command_) {
          ++k;
          continue;
        }
        // Unknown: left as typed from here, for CLI11's message.
        out_.push_back({"-" + std::string(w.substr(k))});
        return false;
      }
      out_.push_back({std::string("-") + c});
      ++k;
      if (*value) {
        if (k == w.size()) return true;
        out_.push_back({std::string(w.substr(k))});
        return false;
      }
    }
    return false;
  }

  std::vector<const CLI::App*> subs_;
  std::string_view command_;
  bool modes_;
  std::string_view mode_;  // the last mode flag seen (zstd: the last wins)
  std::vector<Word> out_;
};

bool exists(const std::string& path) {
  struct stat st;
  return lstat(path.c_str(), &st) == 0;
}

// A line without a subcommand is zstd's when it has an option or names an
// existing file; `cdma tset F` (a typo) stays CLI11's to refuse, rather
// than compress F. A leading `--` says that only files follow (`cdma -- -c`
// compresses the file -c, as zstd -- -c does): no subcommand can.
bool is_zstd_style(const std::vector<std::string>& words) {
  if (words.empty()) return false;
  if (words[0] == "-h" || words[0] == "--help" || words[0] == "--version") return false;
  if (words[0] == "--") return true;
  for (const std::string& w : words) {
    if (w == "--") break;
    if (w.starts_with('-')) return true;
  }
  return exists(words[0]);
}

}  // namespace

AliasedArgv::AliasedArgv(int argc, char** argv, const CLI::App& app) : args_(argv, argv + argc) {
  if (args_.size() == 2 && args_[1] == "-V") args_[1] = "--version";  // zstd -V
  const std::vector<std::string> words(args_.begin() + std::min<size_t>(1, args_.size()), args_.end());
  if (const CLI::App* named = words.empty() ? nullptr : find_subcommand(app, words[0])) {
    Rewriter r({named}, words[0]);
    r.walk({words.begin() + 1, words.end()});
    std::vector<std::string> rest = r.finish(named, warnings_, error_);
    args_.resize(2);
    args_.insert(args_.end(), rest.begin(), rest.end());
  } else if (is_zstd_style(words)) {
    std::vector<const CLI::App*> subs;
    for (const std::string_view name : kCodecCommands)
      if (const CLI::App* sub = find_subcommand(app, name)) subs.push_back(sub);
    Rewriter r(subs, "");
    r.walk(words);
    const std::string command = r.command();
    std::vector<std::string> rest = r.finish(find_subcommand(app, command), warnings_, error_);
    args_.resize(1);
    args_.push_back(command);
    args_.insert(args_.end(), rest.begin(), rest.end());
  }
  for (std::string& a : args_) pointers_.push_back(a.data());
}

}  // namespace cdma::cli

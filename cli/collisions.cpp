#include "collisions.hpp"

#include <sys/stat.h>

#include <filesystem>
#include <map>
#include <system_error>

#include "display.hpp"
#include "failure.hpp"
#include "fileio.hpp"

namespace cdma::cli {
namespace {

namespace fs = std::filesystem;

// The directory entry `path` names, spelled one way: its directory made
// absolute with every symbolic link and .. resolved (as far as it exists;
// --output-dir may not yet), then the name. Two paths are one entry exactly
// when these agree, which is what a rename onto either would replace.
std::string entry_of(const std::string& path) {
  const fs::path p(path);
  std::error_code ec;
  fs::path dir = fs::weakly_canonical(fs::absolute(parent_dir(path), ec), ec);
  if (ec) dir = fs::absolute(parent_dir(path)).lexically_normal();
  return (dir / p.filename()).string();
}

// An input is read through its entry, and through the file that entry
// resolves to when it is a symbolic link (followed with -f).
std::vector<std::string> entries_of_input(const std::string& input) {
  std::vector<std::string> keys{entry_of(input)};
  struct stat st;
  std::error_code ec;
  if (lstat(input.c_str(), &st) == 0 && S_ISLNK(st.st_mode)) {
    const fs::path real = fs::canonical(input, ec);
    if (!ec) keys.push_back(real.string());
  }
  return keys;
}

}  // namespace

int refuse_collisions(const std::vector<std::string>& inputs,
                      const std::function<Target(const std::string&)>& target) {
  std::map<std::string, const std::string*> reader;  // entry -> the input read there
  for (const std::string& in : inputs)
    if (in != "-")
      for (const std::string& key : entries_of_input(in)) reader.emplace(key, &in);

  std::map<std::string, const std::string*> writer;  // entry -> the input written there
  int status = kExitOk;
  for (const std::string& in : inputs) {
    Target t;
    try {
      t = target(in);
    } catch (const CliError&) {
      continue;
    }
    // Standard output takes every input in turn (concatenated frames), and
    // a device or descriptor is written in place, never replaced.
    if (t.to_stdout || is_special_output(t.path)) continue;
    const std::string key = entry_of(t.path);
    const auto [first, fresh] = writer.emplace(key, &in);
    std::string clash;
    if (!fresh) {
      clash = entry_of(*first->second) == entry_of(in)
                  ? "it is given twice, and both would write " + t.path
                  : "both it and " + display_name(*first->second) + " would be written to " +
                        t.path;
    } else if (const auto r = reader.find(key);
               r != reader.end() && entry_of(*r->second) != entry_of(in)) {
      clash = "its output " + t.path + " is another input, " + display_name(*r->second);
    }
    if (clash.empty()) continue;
    print_error(display_name(in), clash + "; nothing was done (give each input its own output)");
    status = kExitUsage;
  }
  return status;
}

}  // namespace cdma::cli

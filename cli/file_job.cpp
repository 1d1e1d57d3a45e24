#include "file_job.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "failure.hpp"
#include "fileio.hpp"

namespace cdma::cli {

std::string in_output_dir(const Options& o, const std::string& name) {
  if (o.output_dir.empty()) return name;
  std::error_code ec;
  std::filesystem::create_directories(o.output_dir, ec);
  if (ec) throw CliError(kExitIo, "cannot create --output-dir " + o.output_dir + ": " + ec.message());
  return (std::filesystem::path(o.output_dir) / std::filesystem::path(name).filename()).string();
}

void check_target(const Options& o, const std::string& input, const Target& t) {
  if (t.to_stdout) return;
  if (removes_input(o, input) && is_special_output(t.path))
    throw CliError(kExitUsage, "--rm needs an output file to verify before deleting the input, and " +
                                   t.path + " is a device; drop --rm");
  // The real reason first: an output that is the input cannot be written
  // with or without -f.
  if (input != "-") refuse_same_file(input, t.path);
  refuse_existing(t.path, o.force);
}

std::unique_ptr<OutputSink> open_target(const Options& o, const Target& t, mode_t mode) {
  if (t.to_stdout) return make_stdout_sink();
  return make_file_sink(t.path, mode, o.force, o.remove_input);
}

bool removes_input(const Options& o, const std::string& input) {
  return o.remove_input && input != "-";
}

void remove_input(const std::string& input) {
  if (unlink(input.c_str()) != 0)
    throw CliError(kExitIo, std::string("output verified, but cannot remove the input: ") +
                                std::strerror(errno));
}

mode_t default_output_mode() {
  const mode_t mask = umask(0);
  umask(mask);
  return 0666 & ~mask;
}

}  // namespace cdma::cli

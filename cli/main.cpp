// The `cdma` command line: builds the CLI11 app and hands the parsed options
// to the subcommand. Nothing here touches files or codecs.
#include <CLI/CLI.hpp>

#include "argv_aliases.hpp"
#include "cdma/cdma.h"
#include "cmd_analyze.hpp"
#include "cmd_bench.hpp"
#include "cmd_model.hpp"
#include "command_line.hpp"
#include "failure.hpp"
#include "options.hpp"
#include "signals.hpp"

namespace {

constexpr const char* kFooter =
    "As with zstd: no FILE or - means standard input to standard output; compressed\n"
    "data is never written to or read from a terminal; inputs are kept unless --rm;\n"
    "-z, -d, -t and -l stand for compress, decompress, test and info, anywhere in\n"
    "the line and combined as in -dc; -1 .. -9 set the level (higher: the highest).\n"
    "\n"
    "Exit status: 0 success, 1 usage error (fix the command line), 2 malformed or\n"
    "corrupt input, 3 I/O error, out of memory, or a frame over the --memory limit.\n"
    "On failure no output file is left and the input is untouched.";

}  // namespace

int main(int argc, char** argv) {
  // First: a signal that comes while the command line is parsed (a busy
  // machine, an early Ctrl-C) is reported too, not a silent death.
  cdma::cli::install_cleanup_handlers();
  CLI::App app{"cdma: lossless compression for sparse tensors (.npy or raw)", "cdma"};
  app.set_version_flag("--version", std::string("cdma ") + cdma_version_string());
  app.footer(kFooter);
  app.require_subcommand(1);

  cdma::cli::Options o;
  cdma::cli::RawFlags flags;
  const cdma::cli::CodecCommands codec = cdma::cli::add_codec_commands(app, o, flags);
  cdma::cli::ModelOptions model_options;
  auto* model = cdma::cli::add_model_subcommand(app, model_options);
  auto* analyze = cdma::cli::add_analyze_command(app);
  auto* bench = cdma::cli::add_bench_command(app);

  cdma::cli::AliasedArgv args(argc, argv, app);
  if (!args.error().empty()) {
    cdma::cli::print_error("", args.error() + " (see cdma --help)");
    return cdma::cli::kExitUsage;
  }
  try {
    app.parse(args.argc(), args.argv());
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    cdma::cli::print_error("", std::string(e.what()) + " (see cdma --help)");
    return cdma::cli::kExitUsage;
  }
  if (const int bad = cdma::cli::finish_options(o, flags)) return bad;
  if (o.verbosity != cdma::cli::Verbosity::quiet)
    for (const std::string& w : args.warnings()) cdma::cli::print_error("", "warning: " + w);

  if (codec.compress->parsed()) return cdma::cli::run_compress(o);
  if (codec.decompress->parsed()) return cdma::cli::run_decompress(o);
  if (codec.test->parsed()) return cdma::cli::run_test(o);
  if (analyze->parsed()) return cdma::cli::run_analyze();
  if (bench->parsed()) return cdma::cli::run_bench();
  if (model->parsed()) return cdma::cli::run_model(model_options);
  return cdma::cli::run_info(o);
}

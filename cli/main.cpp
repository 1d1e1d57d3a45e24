// The `cdma` command line: builds the CLI11 app and hands the parsed options
// to the subcommand. Nothing here touches files or codecs.
#include <CLI/CLI.hpp>

#include "cdma/cdma.h"
#include "cmd_analyze.hpp"
#include "cmd_model.hpp"
#include "codec_names.hpp"
#include "failure.hpp"
#include "fileio.hpp"
#include "options.hpp"
#include "tensorio/dtype.hpp"

namespace {

using cdma::cli::Options;

constexpr const char* kFooter =
    "Exit status: 0 success, 1 usage error (fix the command line), 2 malformed or\n"
    "corrupt input, 3 I/O or memory failure. On failure no output file is left.";

// Options every file-producing subcommand takes.
void add_output_options(CLI::App* sub, Options& o, bool& quiet, bool& verbose) {
  sub->add_option("-o,--output", o.output, "Write to OUT (one input only)")->type_name("OUT");
  sub->add_flag("-f,--force", o.force, "Overwrite existing output files");
  sub->add_flag("-c,--stdout", o.to_stdout, "Write to standard output (one input only)")
      ->excludes("--output");
  auto* q = sub->add_flag("-q,--quiet", quiet, "Print errors only");
  sub->add_flag("-v,--verbose", verbose, "Also print what each input is and where it went")
      ->excludes(q);
}

void add_compress_options(CLI::App* sub, Options& o) {
  sub->add_option("--codec", o.codec, "Codec: auto picks per block (default auto)")
      ->check(CLI::IsMember(cdma::cli::selectable_codec_names()))
      ->type_name("NAME");
  const cdma_bounds level = cdma_param_get_bounds(CDMA_P_LEVEL);
  sub->add_option("-l,--level", o.level, "Speed/ratio level (default: library default)")
      ->check(CLI::Range(level.lower, level.upper));
  const cdma_bounds block = cdma_param_get_bounds(CDMA_P_BLOCK_LOG);
  sub->add_option("--block-log", o.block_log, "log2 of the block size in bytes")
      ->check(CLI::Range(block.lower, block.upper));
  const std::string names = cdma::tensorio::dtype_names();
  sub->add_option("--dtype", o.dtype,
                  "Element type of raw input: " + names +
                      ". For .npy, names a type the header cannot (e.g. bf16 for '<V2')")
      ->check(CLI::Validator(
          [names](std::string& v) {
            return cdma::tensorio::dtype_width(v) ? std::string() : "unknown dtype (known: " + names + ")";
          },
          ""))
      ->type_name("DTYPE");
  sub->add_option("--shape", o.shape, "Shape of raw input, e.g. 8,16,32,32 (recorded in the frame)")
      ->type_name("DIMS");
}

// -o and -c name one destination, so they make sense for one input only.
bool check_single_destination(const Options& o) {
  if ((o.output.empty() && !o.to_stdout) || o.files.size() <= 1) return true;
  cdma::cli::print_error("", std::string(o.to_stdout ? "-c" : "-o") + " takes one input file, got " +
                                 std::to_string(o.files.size()));
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"cdma: lossless compression for sparse tensors (.npy or raw)", "cdma"};
  app.set_version_flag("--version", std::string("cdma ") + cdma_version_string());
  app.footer(kFooter);
  app.require_subcommand(1);

  Options o;
  bool quiet = false;
  bool verbose = false;
  auto* compress = app.add_subcommand("compress", "Compress each FILE into FILE.cdma");
  compress->add_option("files", o.files, "Input files (.npy, or raw with --dtype)")
      ->required()
      ->type_name("FILE");
  add_output_options(compress, o, quiet, verbose);
  add_compress_options(compress, o);

  auto* decompress = app.add_subcommand("decompress", "Restore each FILE.cdma into FILE");
  decompress->add_option("files", o.files, "Compressed files")->required()->type_name("FILE.cdma");
  add_output_options(decompress, o, quiet, verbose);

  auto* info = app.add_subcommand("info", "Show what each FILE.cdma holds, without decoding");
  info->add_option("files", o.files, "Compressed files")->required()->type_name("FILE.cdma");

  cdma::cli::ModelOptions model_options;
  auto* model = cdma::cli::add_model_subcommand(app, model_options);

  auto* analyze = cdma::cli::add_analyze_command(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    cdma::cli::print_error("", std::string(e.what()) + " (see cdma --help)");
    return cdma::cli::kExitUsage;
  }
  o.verbosity = quiet     ? cdma::cli::Verbosity::quiet
                : verbose ? cdma::cli::Verbosity::verbose
                          : cdma::cli::Verbosity::normal;
  if (!check_single_destination(o)) return cdma::cli::kExitUsage;

  cdma::cli::install_cleanup_handlers();
  if (compress->parsed()) return cdma::cli::run_compress(o);
  if (decompress->parsed()) return cdma::cli::run_decompress(o);
  if (analyze->parsed()) return cdma::cli::run_analyze();
  if (model->parsed()) return cdma::cli::run_model(model_options);
  return cdma::cli::run_info(o);
}

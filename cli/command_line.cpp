#include "command_line.hpp"

#include "codec_names.hpp"
#include "display.hpp"
#include "failure.hpp"
#include "int_range.hpp"
#include "size_arg.hpp"
#include "tensorio/dtype.hpp"

namespace cdma::cli {
namespace {

constexpr const char* kFilesHelp = "Inputs; none or - reads standard input";

void add_files(CLI::App* sub, Options& o, const char* type) {
  sub->add_option("files", o.files, kFilesHelp)->type_name(type);
}

void add_verbosity(CLI::App* sub, RawFlags& f) {
  auto* q = sub->add_flag("-q,--quiet", f.quiet, "Print errors only");
  sub->add_flag("-v,--verbose", f.verbose, "Also print what each input is and where it went")
      ->excludes(q);
}

void add_threads(CLI::App* sub, Options& o) {
  const cdma_bounds t = cdma_param_get_bounds(CDMA_P_THREADS);
  sub->add_option("-T,--threads", o.threads, "Threads coding blocks; 0 = all cores (default 1)")
      ->check(int_range(t.lower, t.upper))
      ->type_name("N");
}

void add_memory(CLI::App* sub, RawFlags& f) {
  sub->add_option("-M,--memory", f.memory,
                  "Memory limit for all working memory, e.g. 512M, 2G; 0 = none (default 256M). "
                  "Threads are lowered to fit; blocks that need more are refused")
      ->check(CLI::Validator(
          [](std::string& v) {
            std::string error;
            return parse_size(v, error) ? std::string() : error;
          },
          ""))
      ->type_name("SIZE");
}

void add_recursive(CLI::App* sub, Options& o) {
  sub->add_flag("-r,--recursive", o.recursive, "Work through the files under directory inputs");
}

// Options of the subcommands that write an output per input.
void add_output_options(CLI::App* sub, Options& o, RawFlags& f) {
  auto* out = sub->add_option("-o,--output", o.output, "Write to OUT (one input only)")->type_name("OUT");
  sub->add_flag("-f,--force", o.force, "Overwrite existing output files; follow symbolic links");
  auto* c = sub->add_flag("-c,--stdout", o.to_stdout, "Write to standard output")->excludes(out);
  sub->add_option("--output-dir", o.output_dir, "Write outputs into DIR (created if missing)")
      ->type_name("DIR")
      ->excludes(out)
      ->excludes(c);
  auto* keep = sub->add_flag("-k,--keep", o.keep, "Keep each input (the default)");
  sub->add_flag("--rm", o.remove_input,
                "Delete each input once its output is written, synced and verified")
      ->excludes(keep)
      ->excludes(c);
  sub->add_flag("--no-progress", o.no_progress, "No progress line, even on a terminal");
  add_recursive(sub, o);
  add_threads(sub, o);
  add_verbosity(sub, f);
}

void add_compress_options(CLI::App* sub, Options& o) {
  sub->add_option("--codec", o.codec, "Codec: auto picks per block (default auto)")
      ->check(CLI::IsMember(selectable_codec_names()))
      ->type_name("NAME");
  const cdma_bounds level = cdma_param_get_bounds(CDMA_P_LEVEL);
  sub->add_option("-l,--level", o.level,
                  "Speed/ratio level, also -1 .. -9 as in zstd (default: library default)")
      ->check(int_range(level.lower, level.upper));
  const cdma_bounds block = cdma_param_get_bounds(CDMA_P_BLOCK_LOG);
  sub->add_option("--block-log", o.block_log, "log2 of the block size in bytes")
      ->check(int_range(block.lower, block.upper));
  sub->add_flag("--seek-table", o.seek_table,
                "Append a seek table: --range finds and checks blocks without walking them");
  const std::string names = tensorio::dtype_names();
  sub->add_option("--dtype", o.dtype,
                  "Element type of raw input: " + names +
                      ". For .npy, names a type the header cannot (e.g. bf16 for '<V2')")
      ->check(CLI::Validator(
          [names](std::string& v) {
            return tensorio::dtype_width(v) ? std::string() : "unknown dtype (known: " + names + ")";
          },
          ""))
      ->type_name("DTYPE");
  sub->add_option("--shape", o.shape, "Shape of raw input, e.g. 8,16,32,32 (recorded in the frame)")
      ->type_name("DIMS");
}

}  // namespace

CodecCommands add_codec_commands(CLI::App& app, Options& o, RawFlags& f) {
  CodecCommands c;
  c.compress = app.add_subcommand("compress", "Compress each FILE into FILE.cdma (alias: -z)");
  add_files(c.compress, o, "FILE");
  add_output_options(c.compress, o, f);
  add_compress_options(c.compress, o);
  add_memory(c.compress, f);

  c.decompress = app.add_subcommand("decompress", "Restore each FILE.cdma into FILE (alias: -d)");
  add_files(c.decompress, o, "FILE.cdma");
  add_output_options(c.decompress, o, f);
  add_memory(c.decompress, f);
  c.decompress
      ->add_option("--range", o.range,
                   "Only content bytes OFFSET..OFFSET+LENGTH (sizes like 4096 or 1M), to stdout or "
                   "-o; a .npy header is not counted; decodes only the blocks it needs")
      ->type_name("OFFSET:LENGTH");
  c.decompress
      ->add_option("--tensor", o.tensor,
                   "Only the tensor NAME of a compressed safetensors or .npz file (its data bytes, "
                   "to stdout or -o; with --range, offsets within it); decodes only its blocks")
      ->type_name("NAME");

  c.test = app.add_subcommand("test", "Decode each FILE.cdma, verifying checksums; write nothing (alias: -t)");
  add_files(c.test, o, "FILE.cdma");
  add_recursive(c.test, o);
  add_threads(c.test, o);
  add_memory(c.test, f);
  c.test->add_flag("--no-progress", o.no_progress, "No progress line, even on a terminal");
  add_verbosity(c.test, f);

  c.info = app.add_subcommand("info", "Show what each FILE.cdma holds, without decoding (alias: -l)");
  add_files(c.info, o, "FILE.cdma");
  add_recursive(c.info, o);
  // zstd -lv lists verbosely: info already prints everything it knows, so
  // -v (and -q, which keeps the listing: it is the output, not a message)
  // are accepted rather than refused.
  add_verbosity(c.info, f);
  return c;
}

int finish_options(Options& o, const RawFlags& f) {
  o.verbosity = f.quiet ? Verbosity::quiet : f.verbose ? Verbosity::verbose : Verbosity::normal;
  if (!f.memory.empty()) {
    std::string error;
    o.memory_limit = *parse_size(f.memory, error);  // the validator accepted it
  }
  // -o names one destination, so it makes sense for one input only.
  if (!o.output.empty() && (o.files.size() > 1 || o.recursive)) {
    print_error("", "-o takes one input file, got " +
                        (o.recursive ? std::string("-r") : std::to_string(o.files.size())) +
                        "; use --output-dir for several");
    return kExitUsage;
  }
  return kExitOk;
}

}  // namespace cdma::cli

#include "report_output.hpp"

#include <cstdint>

#include "fileio.hpp"

namespace cdma::cli {

void add_tensor_paths(CLI::App& sub, std::vector<std::string>& paths) {
  sub.add_option("paths", paths,
                 ".npy files, raw files (with --dtype), directories (recursive), or "
                 ".safetensors and .npz files (each tensor)")
      ->required()
      ->type_name("PATH");
}

void add_report_flags(CLI::App& sub, ReportFlags& flags, const std::string& plot_help) {
  auto* json = sub.add_flag("--json", flags.json, "Print JSON instead of a table");
  sub.add_flag("--csv", flags.csv, "Print CSV instead of a table")->excludes(json);
  sub.add_option("--plot", flags.plot, plot_help)->type_name("FILE.svg");
}

void write_report(const ReportFlags& flags, const Renderings& r) {
  write_stdout_text(flags.json ? r.json() : flags.csv ? r.csv() : r.table());
  if (flags.plot.empty()) return;
  const std::string svg = r.svg();
  write_file_atomic(flags.plot, {reinterpret_cast<const uint8_t*>(svg.data()), svg.size()}, 0644,
                    flags.force);
}

}  // namespace cdma::cli

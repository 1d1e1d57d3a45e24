// What `cdma analyze` and `cdma bench` share on their command line and in
// their output: the tensor PATH arguments, --json or --csv instead of the
// table, and a --plot chart written beside the report.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <vector>

namespace cdma::cli {

struct ReportFlags {
  bool json = false;
  bool csv = false;
  std::string plot;    // the chart's file, or empty for none
  bool force = false;  // overwrite an existing chart file
};

// The required PATH... arguments: files, directories, containers.
void add_tensor_paths(CLI::App& sub, std::vector<std::string>& paths);

// --json, --csv (which exclude each other) and --plot FILE.svg, whose help
// says what the chart shows.
void add_report_flags(CLI::App& sub, ReportFlags& flags, const std::string& plot_help);

// The report in each form; each is rendered only when the flags ask for it.
struct Renderings {
  std::function<std::string()> json, csv, table, svg;
};

// Prints the rendering the flags chose on stdout, then writes the --plot
// chart (whole or not at all; an existing file only with -f).
void write_report(const ReportFlags& flags, const Renderings& r);

}  // namespace cdma::cli

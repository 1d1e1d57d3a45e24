// `cdma analyze PATH...`: the subcommand's options live with it, so that
// main.cpp only adds it and runs it.
#pragma once

#include <CLI/CLI.hpp>

#include <exception>
#include <functional>
#include <string>
#include <vector>

#include "analyze/walk.hpp"

namespace cdma::cli {

// Adds the `analyze` subcommand and its options to `app`.
CLI::App* add_analyze_command(CLI::App& app);

// Refuses a --plot file that exists (unless `force`) or is one of the
// inputs (even with `force`), before anything is read.
void refuse_plot_target(const std::string& plot, bool force, const std::vector<analyze::Job>& inputs);

// The jobs for PATH arguments, as both `cdma analyze` and `cdma bench` take
// them: files, directories searched for .npy (and .bin when
// `include_raw`), and each tensor of a .safetensors or .npz file
// (container_jobs.hpp). Refuses a --plot target that is an input (or
// exists, unless `force`) before anything is read. Prints what cannot be
// read and passes its exit code to `note`.
std::vector<analyze::Job> tensor_jobs(const std::vector<std::string>& paths, bool include_raw,
                                      const std::string& plot, bool force,
                                      const std::function<void(int)>& note);

// Prints `cdma: PATH: why` for the failure of one tensor file (what
// reading, parsing or analysing it threw) and returns its exit code; the
// other files carry on. `cdma bench` reports its files the same way.
int report_tensor_failure(const std::string& path, const std::exception_ptr& failure);

// Runs it with the parsed options; returns the exit code.
int run_analyze();

}  // namespace cdma::cli

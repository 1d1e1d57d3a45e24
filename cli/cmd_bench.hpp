// `cdma bench PATH...`: the subcommand's options live with it, so that
// main.cpp only adds it and runs it.
#pragma once

#include <CLI/CLI.hpp>

namespace cdma::cli {

// Adds the `bench` subcommand and its options to `app`.
CLI::App* add_bench_command(CLI::App& app);

// Runs it with the parsed options; returns the exit code.
int run_bench();

}  // namespace cdma::cli

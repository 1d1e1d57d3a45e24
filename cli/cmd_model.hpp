// `cdma model`: what the compressing DMA engine would buy a network on a GPU
// and PCIe link (lib/model, docs/cost-model.md). main.cpp registers the
// subcommand with add_model_subcommand() and runs it with run_model().
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "model/model.hpp"

namespace cdma::cli {

struct ModelOptions {
  model::ModelRequest request;
  std::vector<std::string> codecs = {"zvc", "auto"};
  int level = 0;  // 0: the library default
  std::string policy = "all";
  std::string sweep;  // "" for the per-layer report
  bool json = false;
  bool list_gpus = false;
};

CLI::App* add_model_subcommand(CLI::App& app, ModelOptions& o);

// Returns the process exit code.
int run_model(const ModelOptions& o);

}  // namespace cdma::cli

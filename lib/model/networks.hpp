// The six networks of the cDMA paper (Rhu et al., HPCA 2018), built in as
// layer graphs from their published definitions: every layer's output
// shape, forward FLOPs and output bytes (fp32), with branches and
// concatenations as the definitions have them. docs/cost-model.md,
// "Built-in networks", cites each definition.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/layer.hpp"

namespace cdma::model {

struct NetworkInfo {
  std::string_view key;     // --net NAME
  std::string_view name;    // "GoogLeNet"
  std::string_view source;  // the published definition it follows
};

std::span<const NetworkInfo> networks();

// "alexnet overfeat nin vgg16 squeezenet googlenet"
std::string network_names();

// The network at `batch` images, as graph-form layers (linked: input_rows
// set). Every tensor but the image carries `ratio`; the image none (taken as
// incompressible unless the user gives a ratio). Throws ModelError(usage)
// for an unknown key, listing the known ones.
std::vector<Layer> build_network(std::string_view key, int batch, double ratio);

// "GoogLeNet (Szegedy et al., CVPR 2015), batch 64, fp32"
std::string network_title(std::string_view key, int batch);

}  // namespace cdma::model

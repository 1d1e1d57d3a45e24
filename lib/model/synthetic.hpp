// A synthetic network for sensitivity sweeps when the user brings none:
// VGG-16 (Simonyan and Zisserman, ICLR 2015) on 224x224x3 images in fp32,
// the kind of network the vDNN and cDMA papers evaluate. Each layer carries
// its input activation bytes and forward FLOPs; times come from the roofline
// (layer_times.hpp). ReLUs are fused into the convolutions, as cuDNN runs them.
#pragma once

#include <string>
#include <vector>

#include "model/layer.hpp"

namespace cdma::model {

std::vector<Layer> synthetic_vgg16(int batch);

// "synthetic VGG-16, batch 64, 224x224x3 fp32"
std::string synthetic_vgg16_name(int batch);

}  // namespace cdma::model

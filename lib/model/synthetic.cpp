#include "model/synthetic.hpp"

namespace cdma::model {
namespace {

// 'c' = 3x3 convolution (same padding) to `width` channels, 'p' = 2x2 max
// pool, 'f' = fully connected layer to `width` features.
struct Op {
  char op;
  int width;
};

constexpr Op kVgg16[] = {
    {'c', 64},  {'c', 64},  {'p', 0}, {'c', 128}, {'c', 128}, {'p', 0},  {'c', 256},
    {'c', 256}, {'c', 256}, {'p', 0}, {'c', 512}, {'c', 512}, {'c', 512}, {'p', 0},
    {'c', 512}, {'c', 512}, {'c', 512}, {'p', 0}, {'f', 4096}, {'f', 4096}, {'f', 1000},
};

constexpr double kFloat = 4;  // bytes per fp32 element

}  // namespace

std::vector<Layer> synthetic_vgg16(int batch) {
  std::vector<Layer> layers;
  double channels = 3, side = 224, features = 0;  // features > 0 once flattened
  int block = 1, conv = 0, fc = 6;
  for (const Op& op : kVgg16) {
    Layer l;
    const double in_elems = features > 0 ? features : channels * side * side;
    l.bytes = static_cast<uint64_t>(batch * in_elems * kFloat);
    if (op.op == 'c') {
      l.name = "conv" + std::to_string(block) + "_" + std::to_string(++conv);
      l.kind = LayerKind::conv;
      l.flops = 2.0 * channels * 9 * op.width * side * side * batch;
      channels = op.width;
    } else if (op.op == 'p') {
      l.name = "pool" + std::to_string(block++);
      l.kind = LayerKind::pool;
      side /= 2;
      l.flops = 3.0 * channels * side * side * batch;  // three comparisons per output
      conv = 0;
    } else {
      l.name = "fc" + std::to_string(fc++);
      l.kind = LayerKind::fc;
      l.flops = 2.0 * in_elems * op.width * batch;
      features = op.width;
    }
    layers.push_back(l);
  }
  return layers;
}

std::string synthetic_vgg16_name(int batch) {
  return "synthetic VGG-16, batch " + std::to_string(batch) + ", 224x224x3 fp32";
}

}  // namespace cdma::model

#include "model/networks.hpp"

#include <cstdint>

#include "model/errors.hpp"
#include "model/graph.hpp"

namespace cdma::model {
namespace {

constexpr double kFloat = 4;  // bytes per fp32 element

// Builds a graph layer by layer, tracking each output's shape. Sizes follow
// Caffe's rules, which all six reference definitions were released in:
// convolutions round down, pooling rounds up.
class Builder {
 public:
  explicit Builder(int batch) : batch_(batch) {}

  size_t input(int c, int side) { return add("data", LayerKind::input, {}, {c, side}, 0); }

  size_t conv(const std::string& name, size_t from, int out, int k, int stride = 1, int pad = 0,
              int groups = 1) {
    const Shape& in = shapes_[from];
    const int64_t side = (in.side + 2 * pad - k) / stride + 1;
    const double flops = 2.0 * (in.c / groups) * k * k * out * side * side;
    return add(name, LayerKind::conv, {from}, {out, side}, flops);
  }

  // Max or average pooling (they cost the same here); `k` = 0 pools the
  // whole map (global average pooling).
  size_t pool(const std::string& name, size_t from, int k, int stride, int pad = 0) {
    const Shape& in = shapes_[from];
    if (k == 0) k = static_cast<int>(in.side);
    int64_t side = (in.side + 2 * pad - k + stride - 1) / stride + 1;
    if (pad > 0 && (side - 1) * stride >= in.side + pad) --side;  // Caffe: no window in padding only
    const double flops = static_cast<double>(in.c) * side * side * k * k;  // one op per window element
    return add(name, LayerKind::pool, {from}, {in.c, side}, flops);
  }

  // Local response normalisation across 5 channels (AlexNet, GoogLeNet):
  // per element, the squares of the window summed, a power and a product.
  size_t lrn(const std::string& name, size_t from) {
    const Shape in = shapes_[from];
    return add(name, LayerKind::norm, {from}, in, 13.0 * in.c * in.side * in.side);
  }

  size_t fc(const std::string& name, size_t from, int out) {
    const Shape& in = shapes_[from];
    return add(name, LayerKind::fc, {from}, {out, 1}, 2.0 * in.c * in.side * in.side * out);
  }

  // Channels joined (inception and fire modules): a copy, no arithmetic.
  size_t concat(const std::string& name, const std::vector<size_t>& from) {
    Shape s{0, shapes_[from.front()].side};
    for (const size_t f : from) s.c += shapes_[f].c;
    return add(name, LayerKind::concat, from, s, 0);
  }

  // SqueezeNet's fire module (Iandola et al., 2016, section 3.2).
  size_t fire(const std::string& name, size_t from, int squeeze, int expand) {
    const size_t s = conv(name + "/squeeze1x1", from, squeeze, 1);
    const size_t e1 = conv(name + "/expand1x1", s, expand, 1);
    const size_t e3 = conv(name + "/expand3x3", s, expand, 3, 1, 1);
    return concat(name + "/concat", {e1, e3});
  }

  // GoogLeNet's inception module (Szegedy et al., 2015, Table 1 columns).
  size_t inception(const std::string& name, size_t from, int c1, int r3, int c3, int r5, int c5, int proj) {
    const size_t b1 = conv(name + "/1x1", from, c1, 1);
    const size_t b3 = conv(name + "/3x3", conv(name + "/3x3_reduce", from, r3, 1), c3, 3, 1, 1);
    const size_t b5 = conv(name + "/5x5", conv(name + "/5x5_reduce", from, r5, 1), c5, 5, 1, 2);
    const size_t bp = conv(name + "/pool_proj", pool(name + "/pool", from, 3, 1, 1), proj, 1);
    return concat(name + "/output", {b1, b3, b5, bp});
  }

  std::vector<Layer> take(const std::string& source) {
    link_graph(layers_, source);
    return std::move(layers_);
  }

 private:
  struct Shape {
    int64_t c, side;  // channels, and the side of a square feature map
  };

  size_t add(const std::string& name, LayerKind kind, const std::vector<size_t>& from, Shape s, double flops) {
    Layer l;
    l.name = name;
    l.kind = kind;
    l.graph = true;
    for (const size_t f : from) l.inputs.push_back(layers_[f].name);
    l.bytes = static_cast<uint64_t>(batch_ * kFloat * static_cast<double>(s.c * s.side * s.side));
    if (kind != LayerKind::input) l.flops = flops * batch_;
    layers_.push_back(std::move(l));
    shapes_.push_back(s);
    return layers_.size() - 1;
  }

  double batch_;
  std::vector<Layer> layers_;
  std::vector<Shape> shapes_;
};

// AlexNet as released in Caffe (bvlc_alexnet): two-group conv2, conv4, conv5
// as in Krizhevsky et al. (NIPS 2012), 227x227 input.
void alexnet(Builder& b) {
  size_t x = b.input(3, 227);
  x = b.pool("pool1", b.lrn("norm1", b.conv("conv1", x, 96, 11, 4)), 3, 2);
  x = b.pool("pool2", b.lrn("norm2", b.conv("conv2", x, 256, 5, 1, 2, 2)), 3, 2);
  x = b.conv("conv3", x, 384, 3, 1, 1);
  x = b.conv("conv4", x, 384, 3, 1, 1, 2);
  x = b.pool("pool5", b.conv("conv5", x, 256, 3, 1, 1, 2), 3, 2);
  b.fc("fc8", b.fc("fc7", b.fc("fc6", x, 4096), 4096), 1000);
}

// OverFeat's fast model (Sermanet et al., ICLR 2014, Table 1), 231x231.
void overfeat(Builder& b) {
  size_t x = b.input(3, 231);
  x = b.pool("pool1", b.conv("conv1", x, 96, 11, 4), 2, 2);
  x = b.pool("pool2", b.conv("conv2", x, 256, 5), 2, 2);
  x = b.conv("conv3", x, 512, 3, 1, 1);
  x = b.conv("conv4", x, 1024, 3, 1, 1);
  x = b.pool("pool5", b.conv("conv5", x, 1024, 3, 1, 1), 2, 2);
  b.fc("fc8", b.fc("fc7", b.fc("fc6", x, 3072), 4096), 1000);
}

// Network in Network for ImageNet (Lin et al., ICLR 2014): the model the
// authors released for Caffe, four mlpconv blocks (a convolution and two
// 1x1 "cccp" layers each) and global average pooling.
void nin(Builder& b) {
  size_t x = b.input(3, 224);
  x = b.pool("pool1", b.conv("cccp2", b.conv("cccp1", b.conv("conv1", x, 96, 11, 4), 96, 1), 96, 1), 3, 2);
  x = b.pool("pool2", b.conv("cccp4", b.conv("cccp3", b.conv("conv2", x, 256, 5, 1, 2), 256, 1), 256, 1), 3, 2);
  x = b.pool("pool3", b.conv("cccp6", b.conv("cccp5", b.conv("conv3", x, 384, 3, 1, 1), 384, 1), 384, 1), 3, 2);
  x = b.conv("cccp8", b.conv("cccp7", b.conv("conv4", x, 1024, 3, 1, 1), 1024, 1), 1000, 1);
  b.pool("pool4", x, 0, 1);
}

// VGG-16, configuration D (Simonyan and Zisserman, ICLR 2015, Table 1).
void vgg16(Builder& b) {
  size_t x = b.input(3, 224);
  const int widths[] = {64, 128, 256, 512, 512};
  for (int block = 1; block <= 5; ++block) {
    const int convs = block <= 2 ? 2 : 3;
    for (int i = 1; i <= convs; ++i)
      x = b.conv("conv" + std::to_string(block) + "_" + std::to_string(i), x, widths[block - 1], 3, 1, 1);
    x = b.pool("pool" + std::to_string(block), x, 2, 2);
  }
  b.fc("fc8", b.fc("fc7", b.fc("fc6", x, 4096), 4096), 1000);
}

// SqueezeNet v1.0 (Iandola et al., 2016, Table 1), 227x227 as released.
void squeezenet(Builder& b) {
  size_t x = b.input(3, 227);
  x = b.pool("pool1", b.conv("conv1", x, 96, 7, 2), 3, 2);
  x = b.fire("fire4", b.fire("fire3", b.fire("fire2", x, 16, 64), 16, 64), 32, 128);
  x = b.pool("pool4", x, 3, 2);
  x = b.fire("fire5", x, 32, 128);
  x = b.fire("fire8", b.fire("fire7", b.fire("fire6", x, 48, 192), 48, 192), 64, 256);
  x = b.pool("pool8", x, 3, 2);
  x = b.conv("conv10", b.fire("fire9", x, 64, 256), 1000, 1);
  b.pool("pool10", x, 0, 1);
}

// GoogLeNet (Szegedy et al., CVPR 2015, Table 1), without the auxiliary
// classifiers (they add little work and are dropped at inference).
void googlenet(Builder& b) {
  size_t x = b.input(3, 224);
  x = b.lrn("pool1/norm1", b.pool("pool1", b.conv("conv1", x, 64, 7, 2, 3), 3, 2));
  x = b.conv("conv2", b.conv("conv2/reduce", x, 64, 1), 192, 3, 1, 1);
  x = b.pool("pool2", b.lrn("conv2/norm2", x), 3, 2);
  x = b.inception("3a", x, 64, 96, 128, 16, 32, 32);
  x = b.inception("3b", x, 128, 128, 192, 32, 96, 64);
  x = b.pool("pool3", x, 3, 2);
  x = b.inception("4a", x, 192, 96, 208, 16, 48, 64);
  x = b.inception("4b", x, 160, 112, 224, 24, 64, 64);
  x = b.inception("4c", x, 128, 128, 256, 24, 64, 64);
  x = b.inception("4d", x, 112, 144, 288, 32, 64, 64);
  x = b.inception("4e", x, 256, 160, 320, 32, 128, 128);
  x = b.pool("pool4", x, 3, 2);
  x = b.inception("5a", x, 256, 160, 320, 32, 128, 128);
  x = b.inception("5b", x, 384, 192, 384, 48, 128, 128);
  b.fc("fc", b.pool("pool5", x, 0, 1), 1000);
}

struct Definition {
  NetworkInfo info;
  void (*build)(Builder&);
};

constexpr Definition kNetworks[] = {
    {{"alexnet", "AlexNet", "Krizhevsky et al., NIPS 2012; Caffe bvlc_alexnet"}, alexnet},
    {{"overfeat", "OverFeat (fast)", "Sermanet et al., ICLR 2014, Table 1"}, overfeat},
    {{"nin", "NiN", "Lin et al., ICLR 2014; the authors' Caffe ImageNet model"}, nin},
    {{"vgg16", "VGG-16", "Simonyan and Zisserman, ICLR 2015, Table 1 (D)"}, vgg16},
    {{"squeezenet", "SqueezeNet v1.0", "Iandola et al., arXiv 1602.07360, Table 1"}, squeezenet},
    {{"googlenet", "GoogLeNet", "Szegedy et al., CVPR 2015, Table 1"}, googlenet},
};

const Definition& find(std::string_view key) {
  for (const Definition& d : kNetworks)
    if (d.info.key == key) return d;
  throw ModelError(ErrorKind::usage, "unknown network '" + std::string(key) + "' (known: " + network_names() + ")");
}

}  // namespace

std::span<const NetworkInfo> networks() {
  static const std::vector<NetworkInfo> infos = [] {
    std::vector<NetworkInfo> v;
    for (const Definition& d : kNetworks) v.push_back(d.info);
    return v;
  }();
  return infos;
}

std::string network_names() {
  std::string names;
  for (const Definition& d : kNetworks) {
    if (!names.empty()) names += ' ';
    names += d.info.key;
  }
  return names;
}

std::vector<Layer> build_network(std::string_view key, int batch, double ratio) {
  const Definition& d = find(key);
  Builder b(batch);
  d.build(b);
  std::vector<Layer> layers = b.take(std::string(key));
  for (Layer& l : layers)
    if (l.kind != LayerKind::input) l.ratio = ratio;
  return layers;
}

std::string network_title(std::string_view key, int batch) {
  const Definition& d = find(key);
  return std::string(d.info.name) + " (" + std::string(d.info.source) + "), batch " + std::to_string(batch) +
         ", fp32";
}

}  // namespace cdma::model

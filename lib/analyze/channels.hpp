// All-zero channels of 4-d activation tensors: channels that are zero for
// every sample and position (dead ReLU units, which a codec could drop
// whole) and single feature maps (one sample, one channel) that are zero.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "analyze/tensor.hpp"

namespace cdma::analyze {

enum class Layout { automatic, nchw, nhwc };

// "auto", "nchw" or "nhwc"; nullopt for anything else.
std::optional<Layout> layout_from_name(std::string_view name);
const char* layout_name(Layout layout);

// The layout a 4-d shape is read in. `nchw`/`nhwc` are taken as given; auto
// picks NHWC only when the shape looks like one: the two middle dimensions
// are equal (a square image) and the last differs from them, as in
// 8x32x32x16; everything else, 8x16x32x32 included, is NCHW (PyTorch's and
// cuDNN's default, and what the paper's runtimes offload). nullopt when the
// shape is not 4-d.
std::optional<Layout> resolve_layout(Layout requested, std::span<const uint64_t> shape);

struct ChannelStats {
  Layout layout = Layout::nchw;  // nchw or nhwc, as resolved
  uint64_t channels = 0;         // C
  uint64_t zero_channels = 0;    // c with every (n, h, w) zero
  uint64_t maps = 0;             // N * C
  uint64_t zero_maps = 0;        // (n, c) with every (h, w) zero
};

// nullopt when the tensor has no 4-d shape or no elements. Honours Fortran order (the
// storage order of the elements), so the answer is about the logical axes.
std::optional<ChannelStats> channel_stats(const Tensor& t, Layout requested);

}  // namespace cdma::analyze

#include "analyze/channels.hpp"

#include <array>
#include <vector>

#include "analyze/element.hpp"

namespace cdma::analyze {

std::optional<Layout> layout_from_name(std::string_view name) {
  if (name == "auto") return Layout::automatic;
  if (name == "nchw") return Layout::nchw;
  if (name == "nhwc") return Layout::nhwc;
  return std::nullopt;
}

const char* layout_name(Layout layout) {
  switch (layout) {
    case Layout::automatic: return "auto";
    case Layout::nchw: return "nchw";
    case Layout::nhwc: return "nhwc";
  }
  return "?";
}

std::optional<Layout> resolve_layout(Layout requested, std::span<const uint64_t> shape) {
  if (shape.size() != 4) return std::nullopt;
  if (requested != Layout::automatic) return requested;
  const bool square_middle = shape[1] == shape[2] && shape[3] != shape[1];
  return square_middle ? Layout::nhwc : Layout::nchw;
}

std::optional<ChannelStats> channel_stats(const Tensor& t, Layout requested) {
  // An empty tensor has no channels worth reporting (and N*C could then
  // exceed any element count).
  if (!t.has_shape || t.elements == 0) return std::nullopt;
  const auto layout = resolve_layout(requested, t.shape);
  if (!layout) return std::nullopt;

  // Storage stride of each shape axis, in elements.
  std::array<uint64_t, 4> stride{};
  uint64_t step = 1;
  for (int k = 0; k < 4; ++k) {
    const int axis = t.fortran_order ? k : 3 - k;
    stride[axis] = step;
    step *= t.shape[axis];
  }
  // Logical axes N, C, H, W as positions in the shape.
  const std::array<int, 4> axis = *layout == Layout::nchw ? std::array{0, 1, 2, 3}
                                                          : std::array{0, 3, 1, 2};
  const uint64_t n_dim = t.shape[axis[0]], c_dim = t.shape[axis[1]];
  const uint64_t h_dim = t.shape[axis[2]], w_dim = t.shape[axis[3]];
  const uint64_t sn = stride[axis[0]], sc = stride[axis[1]];
  const uint64_t sh = stride[axis[2]], sw = stride[axis[3]];

  ChannelStats s;
  s.layout = *layout;
  s.channels = c_dim;
  s.maps = n_dim * c_dim;  // cannot overflow: at most the element count
  std::vector<bool> channel_live(c_dim, false);
  const uint8_t* base = t.data.data();
  for (uint64_t n = 0; n < n_dim; ++n) {
    for (uint64_t c = 0; c < c_dim; ++c) {
      bool live = false;
      for (uint64_t h = 0; h < h_dim && !live; ++h)
        for (uint64_t w = 0; w < w_dim && !live; ++w)
          live = element_nonzero(base + (n * sn + c * sc + h * sh + w * sw) * t.itemsize,
                                 t.itemsize);
      if (live) {
        channel_live[c] = true;
      } else {
        ++s.zero_maps;
      }
    }
  }
  for (uint64_t c = 0; c < c_dim; ++c)
    if (!channel_live[c]) ++s.zero_channels;
  return s;
}

}  // namespace cdma::analyze

// Small builders the model tests share: layers with given times, and the
// paper's platform with one field changed.
#pragma once

#include <string>
#include <vector>

#include "model/layer.hpp"
#include "model/platform.hpp"

namespace model_test {

inline cdma::model::Layer layer(const std::string& name, double bytes, double fwd_s, double bwd_s,
                                double ratio = 1.0, cdma::model::LayerKind kind = cdma::model::LayerKind::conv) {
  cdma::model::Layer l;
  l.name = name;
  l.kind = kind;
  l.bytes = static_cast<uint64_t>(bytes);
  l.fwd_s = fwd_s;
  l.bwd_s = bwd_s;
  l.ratio = ratio;
  return l;
}

inline cdma::model::Platform titanxp(const cdma::model::PlatformOverrides& o = {}) {
  return cdma::model::make_platform("titanxp", o);
}

inline cdma::model::CodecChoice zvc() { return {"zvc", 2, 0}; }

}  // namespace model_test

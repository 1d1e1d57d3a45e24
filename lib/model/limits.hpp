// The bounds every input of the model is checked against. They are far
// beyond any real network (the largest the paper studies has a few hundred
// layers and a few GB of activations) and small enough that the doubles and
// 64-bit counters the model computes with stay exact and cannot overflow:
// kMaxLayers * kMaxLayerBytes / kMinRatio < 2^63.
#pragma once

#include <cstddef>
#include <cstdint>

namespace cdma::model::limits {

constexpr size_t kMaxLayers = 10000;               // layers in one network
constexpr uint64_t kMaxLayerBytes = uint64_t{1} << 44;  // 16 TiB: one tensor
constexpr uint64_t kMaxTotalBytes = uint64_t{1} << 50;  // 1 PiB: all of them
constexpr double kMinRatio = 1e-3;                 // a codec that expands 1000x
constexpr double kMaxRatio = 1e6;
constexpr double kMaxLayerMs = 3.6e6;              // one hour per layer and pass
constexpr double kMaxFlops = 1e20;                 // per layer and pass
constexpr size_t kMaxLayersFileBytes = size_t{16} << 20;  // a layers file (CSV or JSON)
constexpr uint64_t kMaxDumpBytes = uint64_t{4} << 30;     // one .npy dump, read whole
constexpr size_t kMaxNameBytes = 256;              // a layer name
constexpr size_t kMaxSweepPoints = 1000;
constexpr int kMaxBatch = 1 << 16;                 // --batch of a built-in network

}  // namespace cdma::model::limits

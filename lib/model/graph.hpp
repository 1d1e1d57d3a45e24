// Layer graphs: networks with branches and concatenation (inception and
// fire modules). In graph form every row's tensor is the layer's OUTPUT, and
// a layer names the earlier layers whose outputs it reads (`inputs`); in the
// list form a row's tensor is the layer's INPUT, read by that layer alone.
// Either way the timeline sees tensors, each with the layers that read it:
// it is offloaded once, while the first of them runs forward, and fetched
// back before the last of them (the first to run backward) needs it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/layer.hpp"

namespace cdma::model {

// Resolves each graph-form layer's `inputs` to `input_rows`. A layer without
// inputs reads the layer before it (none for the first, or for kind input).
// Throws ModelError(data), naming the layer and the input, for a name given
// twice, an input that is not an earlier layer (unknown: dangling; later:
// a cycle, or layers out of execution order), or one input named twice.
void link_graph(std::vector<Layer>& layers, const std::string& source);

// Refuses sizes that cannot belong to one network, naming the layer and the
// field: in a list, an out_bytes that is not the next row's bytes; in a
// graph, a concat larger than its inputs together, a normalisation
// whose output differs from its input, a pooling layer larger than its
// input. Run once every size is known (after the dumps). Throws
// ModelError(data).
void check_shapes(const std::vector<Layer>& layers, const std::string& source);

// Who reads the tensor a row describes, in execution order.
struct TensorUse {
  bool read = false;         // false: the network's output, never needed again
  size_t first = 0, last = 0;  // the first and last layer that read it
  bool read_by_conv = false;   // vDNN_conv offloads only inputs of convolutions
};

// One entry per row.
std::vector<TensorUse> tensor_uses(const std::vector<Layer>& layers);

// Bytes a layer reads and writes forward, for the roofline's memory roof:
// list form, its input and its output (out_bytes, else the next row's
// bytes, else the same as the input); graph form, its inputs' tensors and
// its own.
double bytes_read(const std::vector<Layer>& layers, size_t row);
double bytes_written(const std::vector<Layer>& layers, size_t row);

}  // namespace cdma::model

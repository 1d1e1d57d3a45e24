// The fields a layer may carry, shared by the CSV and JSON readers so that
// both accept exactly the same names and values:
//
//   name       required
//   kind       conv | fc | pool | norm | concat | input | other (default:
//              guessed from the name)
//   bytes      list form: the layer's input bytes, offloaded; empty: taken
//              from the next dump (--dumps)
//   out_bytes  the layer's output bytes: in the list form only for the
//              memory roof (default: bytes); in the graph form the tensor
//              offloaded (empty: from the next dump)
//   inputs     graph form: the earlier layers this one reads, separated by
//              ';' (a JSON array of names also); empty: the previous layer
//   fwd_ms     forward time in milliseconds  } or flops; bwd defaults to
//   bwd_ms     backward time in milliseconds }    2 x forward
//   flops      forward FLOPs (times estimated, docs/cost-model.md)
//   bwd_flops  backward FLOPs (default 2 x flops)
//   ratio      fixed compression ratio (> 0) for every codec
//   compress_ms    a software codec's measured time to compress the row's
//   decompress_ms  tensor on the GPU and to decompress it (both or neither)
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/layer.hpp"

namespace cdma::model {

// Every field name, for messages and for checking a CSV header up front.
inline constexpr std::string_view kLayerFields =
    "name kind bytes out_bytes inputs fwd_ms bwd_ms flops bwd_flops ratio compress_ms decompress_ms";

inline constexpr size_t kLayerFieldCount = [] {
  size_t n = 1;
  for (const char c : kLayerFields) n += c == ' ';
  return n;
}();

// Whether `field` is one of kLayerFields.
bool is_layer_field(std::string_view field);

// Field name and its text; an empty text means the field is absent.
using LayerRow = std::vector<std::pair<std::string, std::string>>;

// Builds a layer from a row. `where` ("layers.csv:4") prefixes every error.
// `graph`: the file is in graph form (it has an `inputs` field). Throws
// ModelError(data) for unknown fields, bad numbers, missing name, neither
// times nor FLOPs, one codec time without the other, or `bytes` in a graph (there a layer's input bytes are
// its inputs' out_bytes).
Layer layer_from_row(const LayerRow& row, const std::string& where, bool graph);

}  // namespace cdma::model

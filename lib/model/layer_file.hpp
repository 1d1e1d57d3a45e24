// Reading a network's layers from a file: CSV with a header row naming the
// fields of layer_rows.hpp, or JSON, either an array of objects or
// {"layers": [...]} with the same field names.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/layer.hpp"

namespace cdma::model {

// Lines starting with '#' and blank lines are skipped; cells are trimmed; no
// quoting (names with commas are not supported). `source` names the input in
// errors. Throws ModelError(data).
std::vector<Layer> parse_layers_csv(std::string_view text, const std::string& source);

// Numbers and strings are both accepted for every field. Throws ModelError(data).
std::vector<Layer> parse_layers_json(std::string_view text, const std::string& source);

// JSON when the name ends in .json or the text starts with '{' or '[',
// CSV otherwise. Throws ModelError(io) when the file cannot be read.
std::vector<Layer> read_layers_file(const std::string& path);

}  // namespace cdma::model

#include <algorithm>
#include <cctype>

#include "model/errors.hpp"
#include "model/layer_file.hpp"
#include "model/layer_rows.hpp"

namespace cdma::model {
namespace {

std::string trim(std::string_view s) {
  auto space = [](unsigned char c) { return std::isspace(c) != 0; };
  while (!s.empty() && space(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && space(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

std::vector<std::string> split_cells(std::string_view line) {
  std::vector<std::string> cells;
  size_t start = 0;
  for (;;) {
    const size_t comma = line.find(',', start);
    cells.push_back(trim(line.substr(start, comma - start)));
    if (comma == std::string_view::npos) return cells;
    start = comma + 1;
  }
}

}  // namespace

std::vector<Layer> parse_layers_csv(std::string_view text, const std::string& source) {
  std::vector<std::string> header;
  std::vector<Layer> layers;
  size_t line_no = 0;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    const std::string line = trim(text.substr(0, nl));
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    ++line_no;
    if (line.empty() || line.front() == '#') continue;
    const std::string where = source + ":" + std::to_string(line_no);
    std::vector<std::string> cells = split_cells(line);
    if (header.empty()) {
      header = std::move(cells);
      for (std::string& h : header)
        std::transform(h.begin(), h.end(), h.begin(), [](unsigned char c) { return std::tolower(c); });
      continue;
    }
    if (cells.size() != header.size())
      throw ModelError(ErrorKind::data, where + ": " + std::to_string(cells.size()) +
                                            " cells, the header has " +
                                            std::to_string(header.size()));
    LayerRow row;
    for (size_t i = 0; i < cells.size(); ++i) row.emplace_back(header[i], cells[i]);
    layers.push_back(layer_from_row(row, where));
  }
  if (layers.empty()) throw ModelError(ErrorKind::data, source + ": no layers");
  return layers;
}

}  // namespace cdma::model

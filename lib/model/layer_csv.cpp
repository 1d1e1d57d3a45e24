#include <algorithm>
#include <cctype>
#include <cstdio>

#include "model/errors.hpp"
#include "model/layer_file.hpp"
#include "model/layer_rows.hpp"
#include "model/limits.hpp"
#include "model/text.hpp"

namespace cdma::model {
namespace {

// Spaces and tabs around a cell; a CR before the newline (a file from Windows).
std::string_view trim(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

// The cells of one line, at most `max` of them (more is an error the caller
// reports; the count is capped so a hostile line cannot make millions).
std::vector<std::string> split_cells(std::string_view line, size_t max) {
  std::vector<std::string> cells;
  size_t start = 0;
  for (;;) {
    const size_t comma = line.find(',', start);
    cells.emplace_back(trim(line.substr(start, comma - start)));
    if (comma == std::string_view::npos || cells.size() > max) return cells;
    start = comma + 1;
  }
}

// Control characters other than tab (and the CR of a CRLF line end) are
// never part of a layer file; a NUL would otherwise end a cell early.
void check_bytes(std::string_view line, const std::string& where) {
  for (size_t i = 0; i < line.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(line[i]);
    if ((c < 0x20 && c != '\t' && !(c == '\r' && i + 1 == line.size())) || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "0x%02x", c);
      throw ModelError(ErrorKind::data, where + ": control character " + buf + " at column " +
                                            std::to_string(i + 1));
    }
  }
}

}  // namespace

std::vector<Layer> parse_layers_csv(std::string_view text, const std::string& source) {
  const std::string file = printable(source);
  text = strip_bom(text);
  std::vector<std::string> header;
  bool graph = false;  // graph form: the header has an "inputs" column (layer_rows.hpp)
  std::vector<Layer> layers;
  size_t line_no = 0;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    const std::string_view raw = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    ++line_no;
    const std::string where = file + ":" + std::to_string(line_no);
    check_bytes(raw, where);
    const std::string_view line = trim(raw);
    if (line.empty() || line.front() == '#') continue;
    if (header.empty()) {
      header = split_cells(line, kLayerFieldCount);
      for (std::string& h : header)
        std::transform(h.begin(), h.end(), h.begin(), [](unsigned char c) { return std::tolower(c); });
      // Checked here, once, rather than on every row: a misspelt column
      // is named with the line it is on.
      for (size_t i = 0; i < header.size(); ++i) {
        if (!is_layer_field(header[i]))
          throw ModelError(ErrorKind::data, where + ": unknown field " + quoted(header[i]) +
                                                " (known: " + std::string(kLayerFields) + ")");
        for (size_t j = 0; j < i; ++j)
          if (header[j] == header[i])
            throw ModelError(ErrorKind::data, where + ": field " + quoted(header[i]) + " is given twice");
      }
      graph = std::find(header.begin(), header.end(), "inputs") != header.end();
      continue;
    }
    const std::vector<std::string> cells = split_cells(line, header.size());
    if (cells.size() != header.size())
      throw ModelError(ErrorKind::data, where + ": " + (cells.size() > header.size() ? "more than " : "") +
                                            std::to_string(std::min(cells.size(), header.size())) +
                                            " cells, the header has " + std::to_string(header.size()));
    if (layers.size() == limits::kMaxLayers)
      throw ModelError(ErrorKind::data, where + ": more than " + std::to_string(limits::kMaxLayers) +
                                            " layers (the limit of one network)");
    LayerRow row;
    for (size_t i = 0; i < cells.size(); ++i) row.emplace_back(header[i], cells[i]);
    layers.push_back(layer_from_row(row, where, graph));
  }
  if (layers.empty()) throw ModelError(ErrorKind::data, file + ": no layers");
  return layers;
}

}  // namespace cdma::model

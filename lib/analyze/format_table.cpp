// The default, human-readable rendering: two aligned tables, tensors then
// directory pools and the total.
#include <algorithm>

#include "analyze/columns.hpp"
#include "analyze/format.hpp"
#include "text/number_text.hpp"

namespace cdma::analyze {
namespace {

using Row = std::vector<std::string>;

// Columns whose cells are words are left-aligned; numbers are right-aligned
// so that their digits line up.
std::string render(const std::vector<Row>& rows, const std::vector<bool>& left) {
  std::vector<size_t> width;
  for (const Row& row : rows) {
    if (width.size() < row.size()) width.resize(row.size());
    for (size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
  }
  std::string out;
  for (const Row& row : rows) {
    std::string line;
    for (size_t c = 0; c < row.size(); ++c) {
      if (c) line += "  ";
      const std::string pad(width[c] - row[c].size(), ' ');
      line += (c < left.size() && left[c]) ? row[c] + pad : pad + row[c];
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + '\n';
  }
  return out;
}

Row header(const std::string& first, const std::string& third,
           const std::vector<CodecColumn>& cols) {
  Row h{first, "dtype", third, "elements", "density", "zrun", "z>=32", "0ch", "expH"};
  for (const CodecColumn& c : cols) h.push_back(c.header);
  h.push_back("best");
  return h;
}

Row figures_row(const Figures& f, const std::string& third, const RatioPlan& plan,
                const std::vector<CodecColumn>& cols) {
  const auto entropy = f.exponent_entropy();
  const bool any = f.zeros.elements > 0;
  Row row{f.name,
          !f.dtype.empty() ? f.dtype : !f.descr.empty() ? f.descr : "-",
          third,
          std::to_string(f.zeros.elements),
          any ? text::fixed(density(f.zeros), 4) : "-",
          f.zeros.zero_runs ? text::fixed(mean_zero_run(f.zeros), 1) : "-",
          f.zeros.zero_runs ? text::fixed(long_run_fraction(f.zeros), 3) : "-",
          zero_channels_text(f),
          entropy ? text::fixed(*entropy, 2) : "-"};
  for (const CodecColumn& c : cols) {
    const auto b = best_of(f, c.methods);
    row.push_back(b ? text::fixed(b->second, 2) : "-");
  }
  const auto best = f.best();
  row.push_back(best ? plan.methods[*best].label + " " + text::fixed(*f.ratio(*best), 2) + "x" : "-");
  return row;
}

// Name, dtype and best are words; the third column is a shape for tensors
// (a word) and a count for directories (a number).
std::vector<bool> left_columns(size_t n, bool third_is_word) {
  std::vector<bool> left(n, false);
  left[0] = left[1] = true;
  left[2] = third_is_word;
  left[n - 1] = true;
  return left;
}

}  // namespace

std::string format_table(const Report& r) {
  const RatioPlan& plan = *r.plan;
  const auto cols = codec_columns(plan);
  std::string out;
  if (!r.tensors.empty()) {
    std::vector<Row> rows{header("tensor", "shape", cols)};
    for (const Figures& f : r.tensors) rows.push_back(figures_row(f, f.shape, plan, cols));
    out += render(rows, left_columns(rows[0].size(), true));
    out += '\n';
  }
  std::vector<Row> rows{header("directory", "tensors", cols)};
  for (const Figures& f : r.directories)
    rows.push_back(figures_row(f, std::to_string(f.tensors), plan, cols));
  rows.push_back(figures_row(r.total, std::to_string(r.total.tensors), plan, cols));
  out += render(rows, left_columns(rows[0].size(), false));
  out += "\nzrun: mean zero run; z>=32: fraction of zeros in runs of 32 or more; 0ch: all-zero\n"
         "channels (4-d tensors, --layout); expH: entropy of the exponent byte of nonzero values, bits;\n"
         "codec columns: original/compressed bytes, cdma codecs at their best level.\n";
  for (const std::string& s : plan.skipped) out += "not measured: " + s + "\n";
  return out;
}

}  // namespace cdma::analyze

// Prints rows of cells as aligned columns: text columns left-aligned,
// numeric ones right-aligned, two spaces between columns.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace cdma::model {

struct TextTable {
  std::vector<std::vector<std::string>> rows;  // rows[0] is the header
  std::vector<bool> right;                     // per column; missing: left

  void print(std::ostream& out, const std::string& indent) const;
};

}  // namespace cdma::model

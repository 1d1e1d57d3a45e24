// Turning the PATH arguments of `cdma analyze` into jobs: files as given,
// directories searched recursively for tensor files.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "analyze/analyze.hpp"

namespace cdma::analyze {

struct WalkError {
  std::string path;
  std::string message;
  bool usage = false;  // true: the command line can fix it; false: an I/O failure
};

struct Walk {
  std::vector<Job> jobs;
  std::vector<WalkError> errors;
};

// A file argument is analysed whatever its name. A directory is searched
// recursively (not following symbolic links to directories) for *.npy files,
// and *.bin files too when `include_raw` (the user gave --dtype); its files
// are taken in path order. Each file counts in the aggregate of every
// directory from its own up to the argument (so data/ gives data/vgg/final,
// data/vgg and data); a file argument counts in its parent directory's. A
// file reached twice is analysed once.
Walk collect_jobs(std::span<const std::string> paths, bool include_raw);

}  // namespace cdma::analyze

// Refuses a run in which two inputs would meet at one file, before any
// work: two inputs with one output (the same name in two directories under
// --output-dir, a file given twice, a path that reaches the same place
// through .. or a symbolic link), or an input's output that is another
// input. Left alone, the second would replace the first's output, and --rm
// would then delete both inputs with only one of them kept anywhere.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "file_job.hpp"
#include "options.hpp"

namespace cdma::cli {

// `target(input)` gives the output of each input (file_job.hpp's
// target_for); an input whose target throws is left to fail on its own.
// Prints one line per clash, naming both inputs and the shared file, and
// returns kExitUsage; kExitOk when there is none.
int refuse_collisions(const std::vector<std::string>& inputs,
                      const std::function<Target(const std::string&)>& target);

}  // namespace cdma::cli

#include "failure.hpp"

#include <new>

#include "cdma/cdma.h"
#include "display.hpp"

namespace cdma::cli {

size_t check_lib(size_t result, std::string_view what, int exit_code) {
  if (!cdma_is_error(result)) return result;
  if (cdma_get_error_code(result) == CDMA_ERROR_memory_allocation) exit_code = kExitIo;
  throw CliError(exit_code, std::string(what) + ": " + cdma_error_name(result));
}

int run_reporting(std::string_view where, const std::function<int()>& work) {
  try {
    return work();
  } catch (const CliError& e) {
    print_error(where, e.what());
    return e.exit_code();
  } catch (const std::bad_alloc&) {
    print_error(where, "out of memory");
    return kExitIo;
  }
}

int for_each_file(const std::vector<std::string>& files,
                  const std::function<void(const std::string&)>& job) {
  int status = kExitOk;
  for (const std::string& file : files) {
    const int code = run_reporting(display_name(file), [&] {
      job(file);
      return kExitOk;
    });
    if (status == kExitOk) status = code;
  }
  return status;
}

}  // namespace cdma::cli

#include "failure.hpp"

#include <new>

#include "cdma/cdma.h"
#include "display.hpp"

namespace cdma::cli {

size_t check_lib(size_t result, std::string_view what) {
  if (cdma_is_error(result))
    throw CliError(kExitData, std::string(what) + ": " + cdma_error_name(result));
  return result;
}

int for_each_file(const std::vector<std::string>& files,
                  const std::function<void(const std::string&)>& job) {
  int status = kExitOk;
  for (const std::string& file : files) {
    int code = kExitOk;
    try {
      job(file);
    } catch (const CliError& e) {
      print_error(file, e.what());
      code = e.exit_code();
    } catch (const std::bad_alloc&) {
      print_error(file, "out of memory");
      code = kExitIo;
    }
    if (status == kExitOk) status = code;
  }
  return status;
}

}  // namespace cdma::cli

#include "verify.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

#include "contexts.hpp"
#include "decode_stream.hpp"
#include "failure.hpp"
#include "input_stream.hpp"

namespace cdma::cli {
namespace {

[[noreturn]] void fail(const std::string& output, const std::string& why) {
  unlink(output.c_str());
  throw CliError(kExitIo, "verification of " + output + " failed (" + why +
                              "); it was removed and the input kept");
}

// Compares what it is given with the next bytes of another input.
class CompareSink final : public OutputSink {
 public:
  explicit CompareSink(InputStream& expected) : expected_(expected) {}
  void write(std::span<const uint8_t> data) override {
    while (!data.empty() && same_) {
      if (!expected_.fill(1)) {
        same_ = false;
        break;
      }
      const auto want = expected_.available();
      const size_t n = std::min(want.size(), data.size());
      same_ = std::memcmp(want.data(), data.data(), n) == 0;
      expected_.consume(n);
      data = data.subspan(n);
      written_ += n;
    }
  }
  bool same() { return same_ && expected_.at_end(); }

 private:
  InputStream& expected_;
  bool same_ = true;
};

}  // namespace

void verify_compressed(const Options& o, const std::string& input, const std::string& output) {
  InputStream written(output);
  InputStream original(input);
  CompareSink compare(original);
  const DctxPtr dctx = make_dctx(o);
  Progress silent(false, "");
  try {
    decode_stream(dctx.get(), o, written, compare, silent);
  } catch (const CliError& e) {
    fail(output, e.what());
  }
  if (!compare.same()) fail(output, "it does not decode to the input");
}

void verify_restored(const std::string& output, uint64_t written, bool all_checksummed) {
  // The output is likely fine, just unprovable: keep both.
  if (!all_checksummed)
    throw CliError(kExitData, "input kept: a frame has no content checksum, so " + output +
                                  " cannot be verified for --rm");
  struct stat st;
  if (stat(output.c_str(), &st) != 0 || static_cast<uint64_t>(st.st_size) != written)
    fail(output, "it does not hold the " + std::to_string(written) + " bytes written");
}

}  // namespace cdma::cli

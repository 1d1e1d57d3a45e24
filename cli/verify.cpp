#include "verify.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cstring>

#include "contexts.hpp"
#include "decode_stream.hpp"
#include "failure.hpp"
#include "input_stream.hpp"

namespace cdma::cli {
namespace {

[[noreturn]] void fail(const std::string& output, const std::string& why) {
  throw CliError(kExitIo, "verification of " + output + " failed (" + why +
                              "); no output was left and the input was kept");
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

void verify_compressed(const Options& o, const std::string& input, const std::string& written,
                       const std::string& output) {
  InputStream frames(written);
  InputStream original(input);
  CompareSink compare(original);
  const DctxPtr dctx = make_dctx(o);
  Progress silent(false, "");
  try {
    decode_stream(dctx.get(), o, frames, compare, silent);
  } catch (const CliError& e) {
    fail(output, e.what());
  }
  if (!compare.same()) fail(output, "it does not decode to the input");
}

void require_checksums(bool all_checksummed, const std::string& output) {
  if (!all_checksummed)
    throw CliError(kExitData, "a frame has no content checksum, so " + output +
                                  " cannot be verified for --rm; nothing was written and the "
                                  "input was kept (decompress without --rm)");
}

void verify_restored(const std::string& written, const std::string& output, uint64_t bytes) {
  struct stat st;
  if (stat(written.c_str(), &st) != 0 || static_cast<uint64_t>(st.st_size) != bytes)
    fail(output, "it does not hold the " + std::to_string(bytes) + " bytes written");
}

}  // namespace cdma::cli

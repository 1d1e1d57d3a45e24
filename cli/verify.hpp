// What --rm checks before it deletes an input, once the output is written,
// synced and renamed into place:
//  - compress: the written file is decoded again (checksums included) and
//    compared with the input, byte for byte;
//  - decompress: every frame carried a content checksum, which the decoder
//    verified while writing, and the file on disk has every byte written.
// A failed check keeps the input, removes the output and throws CliError;
// a frame without a checksum keeps both (nothing is wrong, nothing proven).
#pragma once

#include <cstdint>
#include <string>

#include "options.hpp"

namespace cdma::cli {

void verify_compressed(const Options& o, const std::string& input, const std::string& output);

void verify_restored(const std::string& output, uint64_t written, bool all_checksummed);

}  // namespace cdma::cli

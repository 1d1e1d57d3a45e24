// What --rm checks before it deletes an input, on the complete output
// before it is renamed into place (OutputSink's CommitCheck):
//  - compress: the written file is decoded again (checksums included) and
//    compared with the input, byte for byte;
//  - decompress: every frame carried a content checksum, which the decoder
//    verified while writing, and the file on disk has every byte written.
// A failed check throws CliError: the output is then never renamed into
// place, so the failure leaves no output, and the input is kept.
#pragma once

#include <cstdint>
#include <string>

#include "options.hpp"

namespace cdma::cli {

// `written`: the file to check; `output`: its final name, for messages.
void verify_compressed(const Options& o, const std::string& input, const std::string& written,
                       const std::string& output);

// Throws before anything is written when a frame had no content checksum:
// nothing is wrong, but nothing is proven either.
void require_checksums(bool all_checksummed, const std::string& output);

void verify_restored(const std::string& written, const std::string& output, uint64_t bytes);

}  // namespace cdma::cli

// .npz files: NumPy's zip archives of .npy members (numpy.savez stores them,
// numpy.savez_compressed deflates them). This reads the zip structure (end
// of central directory, zip64 included, the central directory and each
// member's local header) and validates it, so that the CLI can code each
// stored member's array with its own dtype while carrying every other byte
// of the archive verbatim.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace cdma::tensorio {

struct NpzMember {
  std::string name;
  bool stored = false;         // method 0; otherwise deflated (8)
  uint64_t local_offset = 0;   // its local file header
  uint64_t data_offset = 0;    // its (compressed) data
  uint64_t compressed_size = 0;
  uint64_t size = 0;           // uncompressed
};

struct NpzLayout {
  std::vector<NpzMember> members;  // in file order
  uint64_t central_directory = 0;  // where the central directory starts
};

// Validates the archive `file` (the whole file): one end-of-central-directory
// record ending the file (its comment included), a single disk, a central
// directory within the file whose entries match their local headers (name,
// method), member names that are relative, without "..", "\" or NUL, unique
// and ending in ".npy", no encryption, methods stored or deflated, a stored
// member's sizes equal, and member data that lies before the central
// directory without overlapping another member. nullopt with a reason
// naming the member in `error` otherwise.
std::optional<NpzLayout> parse_npz(std::span<const uint8_t> file, std::string& error);

}  // namespace cdma::tensorio

// Reading one of the model's input files (a layers file, a .npy dump) whole,
// safely: it must be a regular file (a FIFO, device or directory is refused
// before anything is read, so /dev/zero or a pipe cannot fill memory), no
// larger than the caller's limit, and read to exactly the size it had.
#pragma once

#include <cstdint>
#include <string>

namespace cdma::model {

// The bytes of `path`. `what` names the file in messages ("layers file").
// Throws ModelError: io when it cannot be opened or read, usage when it is
// not a regular file (the option names the wrong thing), data when it is
// larger than `max_bytes`.
std::string read_input_file(const std::string& path, uint64_t max_bytes, const std::string& what);

}  // namespace cdma::model

// Text that came from a user's file and goes to a terminal or a report: a
// layer name, a cell quoted in an error, a file name. Names must be clean
// UTF-8; anything else is shown escaped, never raw, so that escape bytes in
// a file cannot drive the terminal.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace cdma::model {

// `s` with every control character (C0, DEL, C1), backslash and byte that is
// not part of valid UTF-8 written as \xNN (\n, \t, \r as themselves
// escaped): safe to print, and reversible by eye.
std::string printable(std::string_view s);

// printable(s) in single quotes, for messages: 'conv1', '\x1b[2J'.
std::string quoted(std::string_view s);

// Why `s` cannot be a name ("contains a control character", "is not valid
// UTF-8", "is longer than 256 bytes"), or "" when it can.
std::string name_problem(std::string_view s, size_t max_bytes);

// The text with a leading UTF-8 byte-order mark removed (editors on Windows
// write one; RFC 8259 lets a parser ignore it).
std::string_view strip_bom(std::string_view text);

}  // namespace cdma::model

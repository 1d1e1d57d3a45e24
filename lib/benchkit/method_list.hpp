// --codecs LIST: which methods `cdma bench` times, by name.
//
//   cdma-L            cdma at level L (1..9), the codec the level picks (auto)
//   cdma-C, cdma-C-L  cdma's codec C (zvc, zrle, split, zstd, lz4, store) at
//                     level L (default 3); zvc, zrle, split[-L] are short for it
//   lz4, lz4hc[-L]    liblz4 fast, or HC at level L (default 9)
//   zstd-L, zlib[-L]  libzstd at L; zlib at L (default 6, the paper's baseline)
//   memcpy            the reference; always timed, listed or not
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "benchkit/methods.hpp"

namespace cdma::benchkit {

// The list timed when --codecs is absent.
inline constexpr const char* kDefaultMethods =
    "cdma-1,cdma-3,cdma-7,cdma-9,zvc,lz4,lz4hc-9,zstd-1,zstd-3,zstd-19,zlib-6";

// A name the list does not know, or a level out of range; the message says
// which and what is accepted.
class MethodError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// Methods for the names, in the order given, memcpy first; a method named
// twice, in any spelling (cdma-3, cdma-03), is timed once.
std::vector<Method> methods_from_names(const std::vector<std::string>& names);

}  // namespace cdma::benchkit

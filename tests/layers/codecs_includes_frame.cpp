// A file of the codecs layer that includes the frame layer above it. It
// must not compile: the codecs layer's include root (cmake/layers.cmake)
// holds only codecs/ and common/. The first include, which the layer may
// make, shows that the root itself is sound.
#include "common/error.hpp"
#include "frame/frame_header.hpp"

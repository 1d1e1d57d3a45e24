// The opaque compression context behind cdma_cctx.
#pragma once

#include "cdma/cdma.h"
#include "frame/frame_codec.hpp"
#include "frame/frame_format.hpp"

struct cdma_cctx_s {
  cdma::frame::CompressParams params;
  cdma::frame::TensorMeta meta;
};

// The opaque contexts behind cdma_cctx and cdma_dctx.
#pragma once

#include <cstdint>
#include <memory>

#include "cdma/cdma.h"
#include "common/thread_pool.hpp"
#include "frame/frame_codec.hpp"
#include "frame/frame_format.hpp"
#include "stream/stream_compress.hpp"
#include "stream/stream_decompress.hpp"

namespace cdma {

// A context's pool, rebuilt only when the thread count changes; nullptr
// while one thread is asked for.
class PoolHolder {
 public:
  void set_threads(unsigned t) { threads_ = t == 0 ? hardware_threads() : t; }
  unsigned threads() const { return threads_; }
  ThreadPool* get() {
    if (threads_ <= 1) return nullptr;
    if (!pool_ || pool_->threads() != threads_) pool_ = std::make_unique<ThreadPool>(threads_);
    return pool_.get();
  }

 private:
  unsigned threads_ = 1;
  std::unique_ptr<ThreadPool> pool_;
};

}  // namespace cdma

struct cdma_cctx_s {
  cdma::frame::CompressParams params;
  cdma::frame::TensorMeta meta;
  int64_t threads_param = 1;
  cdma::PoolHolder pool;
  cdma::StreamCompressor stream;
};

struct cdma_dctx_s {
  int64_t threads_param = 1;
  uint64_t memory_limit = uint64_t{1} << 30;
  bool stop_at_frame_end = false;
  cdma::PoolHolder pool;
  cdma::StreamDecompressor stream;
};

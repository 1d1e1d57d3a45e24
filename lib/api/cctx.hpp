// The opaque contexts behind cdma_cctx and cdma_dctx.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

#include "cdma/cdma.h"
#include "common/thread_pool.hpp"
#include "frame/frame_codec.hpp"
#include "frame/frame_format.hpp"
#include "frame/workspaces.hpp"
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

// `busy`: set while a call is inside the context (caller_args.hpp); mutable
// so that the calls that only read a context check it too. `workspaces`:
// the codecs' working memory, one per thread of `pool`, kept between calls
// and freed with the context.
struct cdma_cctx_s {
  mutable std::atomic<bool> busy{false};
  cdma::frame::CompressParams params;
  cdma::frame::TensorMeta meta;
  int64_t threads_param = 1;
  cdma::PoolHolder pool;
  cdma::frame::Workspaces workspaces;
  cdma::StreamCompressor stream;
};

struct cdma_dctx_s {
  mutable std::atomic<bool> busy{false};
  int64_t threads_param = 1;
  uint64_t memory_limit = cdma::frame::kDefaultMemoryLimit;
  bool stop_at_frame_end = false;
  cdma::PoolHolder pool;
  cdma::frame::Workspaces workspaces;
  cdma::StreamDecompressor stream;
};

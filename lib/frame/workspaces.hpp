// The codecs' working memory of a context (codecs/workspace.hpp): one
// Workspace per thread that codes its blocks, the caller's (worker 0) and
// each pool worker's (ThreadPool::run), made when a thread first needs one
// and freed with the context. The memory limits count them
// (frame_codec.hpp, *_workspace_bound()).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "pipeline/block_codec.hpp"

namespace cdma::frame {

class Workspaces {
 public:
  // Before coding on at most `threads` threads whose workspaces a limit
  // counts as `bound` bytes each: frees the memory of each workspace that
  // holds more (the context's parameters changed since it grew) and every
  // workspace past the first `threads`, so that what the context keeps
  // stays within what its limit counted, and makes the `threads`
  // workspaces. Coding then uses at most threads() threads.
  void prepare(unsigned threads, uint64_t bound);

  unsigned threads() const { return static_cast<unsigned>(spaces_.size()); }
  // The workspace of `worker` (0: the calling thread), below threads().
  Workspace& at(unsigned worker) { return *spaces_[worker]; }

  // Bytes held by all of them.
  uint64_t bytes() const;

 private:
  std::vector<std::unique_ptr<Workspace>> spaces_;
};

// The most threads, from `threads` down to 1, whose working memory
// need(t) fits `limit` (threads past it code nothing, and the bytes do not
// change); 1 when none does, which the caller may refuse.
template <typename Need>
unsigned threads_within(unsigned threads, uint64_t limit, Need need) {
  while (threads > 1 && need(threads) > limit) --threads;
  return threads;
}

}  // namespace cdma::frame

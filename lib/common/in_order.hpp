// Serial work in block order, overlapped with parallel work on the blocks.
//
// Blocks are coded on any thread in any order, but some steps must see them
// in order: appending a coded block to the output, feeding the content
// checksum (XXH3 is sequential). Doing those after a batch on the calling
// thread leaves the other cores idle for that time, which caps the speed-up
// of -T2 well below 2x. Here the thread that completes block k runs
// commit(j) for every consecutive finished block j from the first
// uncommitted one, while the other threads go on coding.
#pragma once

#include <cstddef>
#include <mutex>
#include <vector>

namespace cdma {

template <class Commit>
class InOrder {
 public:
  InOrder(size_t count, Commit commit) : finished_(count, 0), commit_(commit) {}

  // Marks block k finished; may run commit() for it and for later blocks.
  // Thread-safe. commit() runs on one thread at a time, in index order, and
  // each run happens-before the next (they are ordered by the mutex).
  void finished(size_t k) {
    std::unique_lock<std::mutex> lock(mu_);
    finished_[k] = 1;
    if (committing_) return;  // that thread will see k under the mutex
    committing_ = true;
    while (next_ < finished_.size() && finished_[next_]) {
      const size_t j = next_;
      lock.unlock();
      commit_(j);
      lock.lock();
      ++next_;
    }
    committing_ = false;
  }

  // All blocks committed; true once every finished() call returned.
  bool complete() const { return next_ == finished_.size(); }

 private:
  std::mutex mu_;
  std::vector<char> finished_;
  size_t next_ = 0;
  bool committing_ = false;
  Commit commit_;
};

}  // namespace cdma

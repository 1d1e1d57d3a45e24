// A small fixed-size thread pool: run(count, task) calls task(i) for every i
// in [0, count) on the pool's threads and the caller's, and returns when all
// are done. Contexts own one pool each, so there is no global state.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace cdma {

class ThreadPool {
 public:
  // `threads` counts the caller: 1 means no extra thread at all.
  explicit ThreadPool(unsigned threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  unsigned threads() const { return static_cast<unsigned>(workers_.size()) + 1; }

  // Runs task(0..count-1); tasks are taken in index order. If a task throws,
  // the first exception is rethrown here after every started task ended.
  void run(size_t count, const std::function<void(size_t)>& task);

 private:
  void work_loop();
  void drain();  // take and run tasks of the current batch until none is left

  std::vector<std::thread> workers_;
  std::mutex mu_;
  std::condition_variable wake_, done_;
  const std::function<void(size_t)>* task_ = nullptr;
  size_t next_ = 0, count_ = 0, running_ = 0;
  unsigned long generation_ = 0;
  bool stop_ = false;
  std::exception_ptr error_;
};

// The number of threads "0 = all cores" means here.
unsigned hardware_threads();

}  // namespace cdma

// A small fixed-size thread pool: run(count, task) calls task(i, worker) for
// every i in [0, count) on the pool's threads and the caller's, and returns
// when all are done. `worker` says which thread runs the task (0: the
// caller, 1 .. threads() - 1: the pool's own), so that a task may use
// memory of that thread's own, which the pool's owner keeps per worker.
// Contexts own one pool each, so there is no global state.
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

  using Task = std::function<void(size_t index, unsigned worker)>;

  // Runs task(0..count-1, worker) on workers 0 .. max_threads - 1 (the
  // caller and at most max_threads - 1 of the pool's); tasks are taken in
  // index order. If a task throws, the first exception is rethrown here
  // after every started task ended. A worker runs one task at a time.
  void run(size_t count, const Task& task, unsigned max_threads = ~0u);

 private:
  void work_loop(unsigned worker);
  void drain(unsigned worker);  // take and run tasks of the current batch until none is left

  std::vector<std::thread> workers_;
  std::mutex mu_;
  std::condition_variable wake_, done_;
  const Task* task_ = nullptr;
  size_t next_ = 0, count_ = 0, running_ = 0;
  unsigned active_ = 0;  // workers below this take tasks of the current batch
  unsigned long generation_ = 0;
  bool stop_ = false;
  std::exception_ptr error_;
};

// The number of threads "0 = all cores" means here.
unsigned hardware_threads();

}  // namespace cdma

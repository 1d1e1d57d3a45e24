#include "common/thread_pool.hpp"

namespace cdma {

unsigned hardware_threads() {
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : n;
}

ThreadPool::ThreadPool(unsigned threads) {
  for (unsigned i = 1; i < threads; ++i) workers_.emplace_back([this, i] { work_loop(i); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  for (std::thread& t : workers_) t.join();
}

void ThreadPool::drain(unsigned worker) {
  std::unique_lock<std::mutex> lock(mu_);
  while (worker < active_ && next_ < count_) {
    const size_t i = next_++;
    ++running_;
    lock.unlock();
    try {
      (*task_)(i, worker);
    } catch (...) {
      std::lock_guard<std::mutex> g(mu_);
      if (!error_) error_ = std::current_exception();
      next_ = count_;  // stop handing out work after a failure
    }
    lock.lock();
    if (--running_ == 0 && next_ >= count_) done_.notify_all();
  }
}

void ThreadPool::work_loop(unsigned worker) {
  unsigned long seen = 0;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      wake_.wait(lock, [&] { return stop_ || generation_ != seen; });
      if (stop_) return;
      seen = generation_;
    }
    drain(worker);
  }
}

void ThreadPool::run(size_t count, const Task& task, unsigned max_threads) {
  if (count == 0) return;
  if (workers_.empty() || count == 1 || max_threads <= 1) {
    for (size_t i = 0; i < count; ++i) task(i, 0);
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    task_ = &task;
    next_ = 0;
    count_ = count;
    active_ = max_threads;
    error_ = nullptr;
    ++generation_;
  }
  wake_.notify_all();
  drain(0);
  std::unique_lock<std::mutex> lock(mu_);
  done_.wait(lock, [&] { return running_ == 0 && next_ >= count_; });
  task_ = nullptr;
  if (error_) std::rethrow_exception(error_);
}

}  // namespace cdma

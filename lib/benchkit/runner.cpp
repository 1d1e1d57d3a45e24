#include "benchkit/runner.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <exception>
#include <mutex>
#include <thread>

#include "cdma/cdma.h"

namespace cdma::benchkit {
namespace {

using Clock = std::chrono::steady_clock;

// The SIMD target and hand-written kernels this run's speeds come from.
std::string simd_summary() {
  std::string s(cdma_simd_summary(nullptr, 0), '\0');
  cdma_simd_summary(s.data(), s.size() + 1);
  return s;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// Runs job(i) for every file on `threads` threads (files taken in order)
// and returns the wall time. The first exception is rethrown after all
// threads have stopped.
double timed_for_each(size_t count, unsigned threads, const std::function<void(size_t)>& job) {
  std::atomic<size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  const auto worker = [&] {
    for (size_t i; (i = next.fetch_add(1)) < count;) {
      try {
        job(i);
      } catch (...) {
        const std::lock_guard lock(failure_mutex);
        if (!failure) failure = std::current_exception();
        next = count;
      }
    }
  };
  const auto t0 = Clock::now();
  if (threads <= 1 || count <= 1) {
    worker();
  } else {
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < std::min<size_t>(threads, count); ++t) pool.emplace_back(worker);
    for (auto& t : pool) t.join();
  }
  const std::chrono::duration<double> took = Clock::now() - t0;
  if (failure) std::rethrow_exception(failure);
  return took.count();
}

std::string where(const Method& m, const Sample& s) { return m.name + ": " + s.name + ": "; }

// Runs f(), turning a codec's own exception into one that names the method
// and the file.
template <class F>
auto named(const Method& m, const Sample& s, F f) {
  try {
    return f();
  } catch (const BenchError&) {
    throw;
  } catch (const std::exception& e) {
    throw BenchError(where(m, s) + e.what());
  }
}

// The per-file buffers every method shares: room for the largest output of
// any method, and the decoded copy.
struct Buffers {
  std::vector<AlignedBuffer> coded;
  std::vector<size_t> coded_size;
  std::vector<AlignedBuffer> decoded;
};

Buffers make_buffers(const std::vector<Sample>& samples, const std::vector<Method>& methods) {
  Buffers b;
  for (const Sample& s : samples) {
    size_t cap = 0;
    for (const Method& m : methods) cap = std::max(cap, m.bound(s.bytes.size()));
    b.coded.emplace_back(cap);
    b.coded_size.push_back(0);
    b.decoded.emplace_back(s.bytes.size());
  }
  return b;
}

}  // namespace

const Result* Run::memcpy_result() const {
  for (const Result& r : results)
    if (r.family == "memcpy") return &r;
  return nullptr;
}

Run run_bench(const std::vector<Sample>& samples, const std::vector<Method>& methods,
              const RunOptions& options, const Progress& progress) {
  Run run;
  run.rounds = std::max(1u, options.rounds);
  run.threads = std::max(1u, options.threads);
  run.files = samples.size();
  run.simd_target = simd_summary();
  for (const Sample& s : samples) run.bytes += s.bytes.size();

  Buffers buf = make_buffers(samples, methods);
  std::vector<std::vector<double>> enc_times(methods.size()), dec_times(methods.size());
  std::vector<uint64_t> out_bytes(methods.size(), 0);
  for (unsigned round = 0; round < run.rounds; ++round) {
    for (size_t k = 0; k < methods.size(); ++k) {
      const Method& m = methods[k];
      enc_times[k].push_back(timed_for_each(samples.size(), run.threads, [&](size_t i) {
        const Sample& s = samples[i];
        buf.coded_size[i] = named(m, s, [&] {
          return m.encode({s.bytes.data(), s.bytes.size(), s.width}, buf.coded[i].data(),
                          buf.coded[i].size());
        });
      }));
      uint64_t total = 0;
      for (const size_t n : buf.coded_size) total += n;
      // Compressed sizes are deterministic: a change between rounds is a bug.
      if (round > 0 && total != out_bytes[k])
        throw BenchError(m.name + ": compressed size changed between rounds");
      out_bytes[k] = total;

      for (auto& d : buf.decoded) std::memset(d.data(), 0xA5, d.size());
      dec_times[k].push_back(timed_for_each(samples.size(), run.threads, [&](size_t i) {
        const size_t n = named(m, samples[i], [&] {
          return m.decode(buf.coded[i].data(), buf.coded_size[i], buf.decoded[i].data(),
                          buf.decoded[i].size());
        });
        if (n != samples[i].bytes.size())
          throw BenchError(where(m, samples[i]) + "decoded " + std::to_string(n) + " bytes of " +
                           std::to_string(samples[i].bytes.size()));
      }));
      for (size_t i = 0; i < samples.size(); ++i)
        if (std::memcmp(buf.decoded[i].data(), samples[i].bytes.data(), samples[i].bytes.size()))
          throw BenchError(where(m, samples[i]) + "decoded bytes differ from the input");
    }
    if (progress) progress(round + 1, run.rounds);
  }
  for (size_t k = 0; k < methods.size(); ++k)
    run.results.push_back({methods[k].name, methods[k].family, run.bytes, out_bytes[k],
                           median(enc_times[k]), median(dec_times[k])});
  return run;
}

}  // namespace cdma::benchkit

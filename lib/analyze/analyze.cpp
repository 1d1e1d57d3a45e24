#include "analyze/analyze.hpp"

#include <algorithm>
#include <atomic>
#include <system_error>
#include <thread>

#include "tensorio/shape.hpp"

namespace cdma::analyze {

Figures analyze_tensor(const std::string& path, std::span<const uint8_t> bytes,
                       const AnalyzeOptions& options, RatioMeter& meter) {
  const Tensor t = open_tensor(path, bytes, options.hints);
  Figures f;
  f.name = path;
  f.dtype = t.dtype;
  f.descr = t.descr;
  if (t.has_shape) f.shape = tensorio::format_shape(t.shape);
  f.tensors = 1;
  f.bytes = t.data.size();
  f.zeros = scan_zeros(t);
  if (const auto c = channel_stats(t, options.layout))
    f.channels = ChannelCounts{layout_name(c->layout), c->channels, c->zero_channels, c->maps,
                               c->zero_maps};
  const auto sizes = meter.measure(t.data, t.zvc_width);
  f.measured_bytes.resize(sizes.size());
  f.compressed.resize(sizes.size());
  for (size_t m = 0; m < sizes.size(); ++m) {
    if (!sizes[m]) continue;
    f.measured_bytes[m] = f.bytes;
    f.compressed[m] = *sizes[m];
  }
  return f;
}

std::vector<Outcome> run_jobs(std::span<const Job> jobs, const Loader& load,
                              const AnalyzeOptions& options, const RatioPlan& plan,
                              unsigned threads) {
  std::vector<Outcome> outcomes(jobs.size());
  std::atomic<size_t> next{0};
  // Nothing may escape a worker (std::terminate): every failure, allocation
  // failures included, lands in its job's outcome.
  const auto worker = [&] {
    std::optional<RatioMeter> meter;
    std::exception_ptr setup_failure;
    try {
      meter.emplace(plan);
    } catch (...) {
      setup_failure = std::current_exception();
    }
    for (size_t i = next++; i < jobs.size(); i = next++) {
      if (setup_failure) {
        outcomes[i].failure = setup_failure;
        continue;
      }
      try {
        const std::vector<uint8_t> bytes = load(jobs[i]);
        const AnalyzeOptions job_options{hints_for(jobs[i], options.hints), options.layout};
        outcomes[i].figures = analyze_tensor(jobs[i].path, bytes, job_options, *meter);
      } catch (...) {
        outcomes[i].failure = std::current_exception();
      }
    }
  };
  const size_t n = std::clamp<size_t>(threads, 1, std::max<size_t>(jobs.size(), 1));
  std::vector<std::thread> pool;
  for (size_t t = 1; t < n; ++t) {
    try {
      pool.emplace_back(worker);
    } catch (const std::system_error&) {
      break;  // fewer threads than asked for: the others still finish every job
    }
  }
  worker();  // the calling thread works too
  for (std::thread& t : pool) t.join();
  return outcomes;
}

}  // namespace cdma::analyze

// Histogram -> frequencies summing to 2^table_log.
//
// The coded size of a table f is sum_s c_s * log2(M / f_s) bits, a separable
// convex function of the f_s. Rounding c_s * M / n gets close; the sum is
// then corrected one unit at a time, always where it costs least (the
// greedy step is exact for separable convex costs), and finally units are
// exchanged between symbols while that still lowers the cost.
#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

#include "codecs/entropy/entropy.hpp"
#include "common/error.hpp"

namespace cdma::entropy {

namespace {

// Bits saved by raising f to f + 1, and lost by lowering f to f - 1. Float
// precision is plenty to rank them, at about half the cost of double.
double gain_up(uint32_t c, uint32_t f) { return c * double{std::log2f((f + 1.0f) / static_cast<float>(f))}; }
double loss_down(uint32_t c, uint32_t f) { return c * double{std::log2f(static_cast<float>(f) / (f - 1.0f))}; }

using Entry = std::pair<double, unsigned>;  // (priority, symbol)

// Moves sum(norm) to m in unit steps, each at the symbol where the step
// costs least, using a heap of at most 256 entries.
void fix_sum(const uint32_t hist[256], uint16_t norm[256], int32_t delta) {
  std::array<Entry, 256> heap;
  size_t size = 0;
  const bool up = delta > 0;
  for (unsigned s = 0; s < 256; ++s) {
    if (norm[s] == 0 || (!up && norm[s] == 1)) continue;
    // Max-heap on the priority: gains for raising, negated losses for lowering.
    heap[size++] = {up ? gain_up(hist[s], norm[s]) : -loss_down(hist[s], norm[s]), s};
  }
  std::make_heap(heap.begin(), heap.begin() + static_cast<ptrdiff_t>(size));
  for (; delta != 0; delta += up ? -1 : 1) {
    std::pop_heap(heap.begin(), heap.begin() + static_cast<ptrdiff_t>(size));
    const unsigned s = heap[size - 1].second;
    norm[s] = static_cast<uint16_t>(up ? norm[s] + 1 : norm[s] - 1);
    if (!up && norm[s] == 1) {
      --size;  // at the floor: no further decrements for s
      continue;
    }
    heap[size - 1] = {up ? gain_up(hist[s], norm[s]) : -loss_down(hist[s], norm[s]), s};
    std::push_heap(heap.begin(), heap.begin() + static_cast<ptrdiff_t>(size));
  }
}

// Moves single units from the symbol that loses least to the one that gains
// most, while that pays. Rounding and the greedy fix leave few such pairs
// (none on every stream measured), so this is mostly one verifying scan;
// the marginal costs are computed once and updated only where units move.
// The round bound only guards against floating-point ties ping-ponging.
void exchange(const uint32_t hist[256], uint16_t norm[256]) {
  double up[256], down[256];
  const auto update = [&](unsigned s) {
    up[s] = gain_up(hist[s], norm[s]);
    down[s] = norm[s] > 1 ? loss_down(hist[s], norm[s]) : HUGE_VAL;
  };
  for (unsigned s = 0; s < 256; ++s)
    if (norm[s] != 0) update(s);
  for (int round = 0; round < 256; ++round) {
    unsigned best_up = 256, best_down = 256;
    for (unsigned s = 0; s < 256; ++s) {
      if (norm[s] == 0) continue;
      if (best_up == 256 || up[s] > up[best_up]) best_up = s;
      if (best_down == 256 || down[s] < down[best_down]) best_down = s;
    }
    // The same symbol cannot both gain and lose: gain_up(f) < loss_down(f).
    // A 1e-6 margin keeps rounding noise from counting as a gain.
    if (best_up == best_down || up[best_up] <= down[best_down] * (1 + 1e-6)) return;
    ++norm[best_up];
    --norm[best_down];
    update(best_up);
    update(best_down);
  }
}

}  // namespace

size_t normalize(const uint32_t hist[256], size_t n, unsigned table_log, uint16_t norm[256], bool fast) {
  CDMA_RETURN_ERROR_IF(table_log < kMinTableLog || table_log > kMaxTableLog || n > kMaxCodedSize,
                       parameter_out_of_bound);
  const uint64_t m = uint64_t{1} << table_log;
  uint64_t total = 0;
  size_t present = 0;
  int64_t sum = 0;
  unsigned largest = 0;
  for (unsigned s = 0; s < 256; ++s) {
    const uint64_t c = hist[s];
    total += c;
    present += c != 0;
    if (c > hist[largest]) largest = s;
    // Nearest integer to c * M / n, at least 1 for a present symbol.
    const uint64_t f = c == 0 ? 0 : std::max<uint64_t>(1, (2 * c * m + n) / (2 * n));
    norm[s] = static_cast<uint16_t>(f);
    sum += static_cast<int64_t>(f);
  }
  CDMA_RETURN_ERROR_IF(total != n || present < 2, parameter_out_of_bound);
  const auto delta = static_cast<int32_t>(static_cast<int64_t>(m) - sum);
  // Fast: the whole correction on the most frequent symbol, as FSE does,
  // while that moves it by at most half: its relative error, and so the
  // cost, stays small, and no logarithm is taken.
  if (fast && 2 * (static_cast<int32_t>(norm[largest]) + delta) >= norm[largest]) {
    norm[largest] = static_cast<uint16_t>(norm[largest] + delta);
    return present;
  }
  fix_sum(hist, norm, delta);
  exchange(hist, norm);
  return present;
}

unsigned choose_table_log(size_t n, const EncodeOptions& options) {
  const unsigned log = choose_table_log(n);
  return options.max_table_log < log && options.max_table_log >= kMinTableLog ? options.max_table_log : log;
}

unsigned choose_table_log(size_t n) {
  unsigned log = kMinTableLog;
  while (log < kMaxTableLog && (size_t{1} << log) < n) ++log;
  return log;
}

}  // namespace cdma::entropy

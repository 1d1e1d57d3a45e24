#include "codecs/split/value_match.hpp"

#include <algorithm>
#include <cstring>
#include <iterator>

#include "codecs/split/element_type.hpp"
#include "common/endian.hpp"

namespace cdma::split {
namespace {

// The hash table of extract(): the last literal position per hash of a
// value, kNone for none. It lives for one call, on the stack: 4 KiB to
// clear per block, no state between blocks or threads.
constexpr unsigned kHashLog = 10;  // 4 KiB, for at most 256 live values
constexpr uint32_t kNone = UINT32_MAX;

template <typename T>
inline T load(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

inline uint32_t hash(uint64_t v) { return static_cast<uint32_t>((v * 0x9E3779B97F4A7C15ull) >> (64 - kHashLog)); }

template <typename T>
size_t extract(const uint8_t* literals, size_t count, uint8_t* new_mask, uint8_t* distances,
               uint8_t* new_values, size_t* matches) {
  uint32_t last[size_t{1} << kHashLog];
  std::fill(std::begin(last), std::end(last), kNone);
  size_t fresh = 0, m = 0;
  // Branch-free: whether a literal matches is data (a minority of literals,
  // unpredictably), so both outputs are stored every time and only their
  // counts move.
  for (size_t base = 0; base < count; base += 8) {
    const size_t end = count - base < 8 ? count - base : 8;
    unsigned byte = 0;
    for (size_t j = base; j < base + end; ++j) {
      const T v = load<T>(literals + j * sizeof(T));
      const uint32_t h = hash(v);
      const size_t p = last[h];
      last[h] = static_cast<uint32_t>(j);
      // p is kNone when the hash is new: then it is no candidate, and the
      // value compared is that of literal 0 (in bounds), unused.
      const size_t distance = j - p;  // wraps (huge) when p > j
      const bool near = distance - 1 < kMaxMatchDistance;
      const size_t at = near ? p : 0;
      // & rather than &&: the load is always in bounds, and a branch on
      // `near` would mispredict as often as values recur.
      const bool copy = near & (load<T>(literals + at * sizeof(T)) == v);
      distances[m] = static_cast<uint8_t>(distance - 1);
      m += copy;
      std::memcpy(new_values + fresh * sizeof(T), &v, sizeof(T));
      fresh += !copy;
      byte |= static_cast<unsigned>(!copy) << (j - base);
    }
    new_mask[base / 8] = static_cast<uint8_t>(byte);
  }
  *matches = m;
  return fresh;
}

template <typename T>
bool fill(const uint8_t* new_mask, size_t count, const uint8_t* distances, uint8_t* literals) {
  size_t m = 0;
  // Holes are found 64 mask bits at a time: with few holes, the loop that
  // finds them mispredicts once per word, not once per mask byte.
  auto fill_holes = [&](uint64_t holes, size_t first) {
    while (holes) {
      const size_t j = first + static_cast<size_t>(__builtin_ctzll(holes));
      holes &= holes - 1;
      const size_t d = size_t{distances[m++]} + 1;
      if (d > j) return false;
      std::memcpy(literals + j * sizeof(T), literals + (j - d) * sizeof(T), sizeof(T));
    }
    return true;
  };
  size_t base = 0;
  for (; base + 64 <= count; base += 64)
    if (!fill_holes(~load_le64(new_mask + base / 8), base)) return false;
  for (; base < count; base += 8) {
    const size_t valid = count - base < 8 ? count - base : 8;
    if (!fill_holes(~new_mask[base / 8] & ((1u << valid) - 1), base)) return false;
  }
  return true;
}

}  // namespace

size_t extract_matches(const uint8_t* literals, size_t count, unsigned width, uint8_t* new_mask,
                       uint8_t* distances, uint8_t* new_values, size_t* matches) {
  return with_element_type(width, [&](auto t) {
    return extract<decltype(t)>(literals, count, new_mask, distances, new_values, matches);
  });
}

bool fill_matches(const uint8_t* new_mask, size_t count, unsigned width, const uint8_t* distances,
                  uint8_t* literals) {
  return with_element_type(width, [&](auto t) { return fill<decltype(t)>(new_mask, count, distances, literals); });
}

}  // namespace cdma::split

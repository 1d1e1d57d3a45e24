// The one walk over maximal runs of zero and nonzero elements that the
// zero-RLE coder and the run statistics share. A Finder locates the run
// boundaries: an element loop in the scalar reference, bitmap words in the
// SIMD kernels. Since both feed this same walk, the reference and every
// target visit exactly the same runs, and coders built on it emit identical
// bytes by construction.
//
// A Finder over n elements reports the run boundaries in order, starting
// before element 0 in the "zero" state:
//   size_t next_boundary(): the next element whose state differs from the
//   element before it (the first is where the first nonzero run starts), or
//   n when there is none left.
#pragma once

#include <cstddef>

namespace cdma::runs {

inline constexpr size_t kWalkStopped = ~static_cast<size_t>(0);

// Calls visit(i, j, k) for each maximal nonzero run [j, k) of [0, n), in
// order, where [i, j) is the zero run before it (empty only for a nonzero
// run at element 0). Returns the start of the trailing zero run [i, n)
// (n when there is none), or kWalkStopped as soon as visit returns false.
// Always inlined, so that it runs under the SIMD caller's target.
template <class Finder, class Visit>
[[gnu::always_inline]] inline size_t walk_runs(Finder& finder, size_t n, Visit&& visit) {
  size_t i = 0;
  for (;;) {
    const size_t j = finder.next_boundary();  // a nonzero run starts
    if (j >= n) return i;
    const size_t k = finder.next_boundary();  // it ends: a zero run starts, or n
    if (!visit(i, j, k)) return kWalkStopped;
    i = k;
  }
}

}  // namespace cdma::runs

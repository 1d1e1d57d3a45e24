// Replacement global operator new/delete that track live bytes and their
// peak (alloc_counter.hpp). Each block carries its size in a header of
// max(16, alignment) bytes in front of the pointer handed out.
#include "alloc_counter.hpp"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <new>

namespace {

std::atomic<size_t> g_live{0};
std::atomic<size_t> g_peak{0};

size_t header_for(size_t align) { return std::max<size_t>(align, 16); }

void* counted_alloc(size_t n, size_t align) {
  const size_t head = header_for(align);
  const size_t total = (n + head + align - 1) / align * align;
  void* base = align <= 16 ? std::malloc(n + head) : std::aligned_alloc(align, total);
  if (base == nullptr) throw std::bad_alloc();
  *static_cast<size_t*>(base) = n;
  const size_t live = g_live.fetch_add(n) + n;
  size_t peak = g_peak.load();
  while (live > peak && !g_peak.compare_exchange_weak(peak, live)) {
  }
  return static_cast<char*>(base) + head;
}

void counted_free(void* p, size_t align) {
  if (p == nullptr) return;
  void* base = static_cast<char*>(p) - header_for(align);
  g_live.fetch_sub(*static_cast<size_t*>(base));
  std::free(base);
}

constexpr size_t kPlain = 16;

}  // namespace

namespace cdma::test {
AllocPeak::AllocPeak() : base_(g_live.load()) { g_peak.store(base_); }
size_t AllocPeak::peak() const { return g_peak.load() - base_; }
}  // namespace cdma::test

void* operator new(size_t n) { return counted_alloc(n, kPlain); }
void* operator new[](size_t n) { return counted_alloc(n, kPlain); }
void* operator new(size_t n, std::align_val_t a) { return counted_alloc(n, static_cast<size_t>(a)); }
void* operator new[](size_t n, std::align_val_t a) { return counted_alloc(n, static_cast<size_t>(a)); }
void* operator new(size_t n, const std::nothrow_t&) noexcept {
  try {
    return counted_alloc(n, kPlain);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](size_t n, const std::nothrow_t&) noexcept { return operator new(n, std::nothrow); }
void* operator new(size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  try {
    return counted_alloc(n, static_cast<size_t>(a));
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](size_t n, std::align_val_t a, const std::nothrow_t& t) noexcept {
  return operator new(n, a, t);
}
void operator delete(void* p) noexcept { counted_free(p, kPlain); }
void operator delete[](void* p) noexcept { counted_free(p, kPlain); }
void operator delete(void* p, size_t) noexcept { counted_free(p, kPlain); }
void operator delete[](void* p, size_t) noexcept { counted_free(p, kPlain); }
void operator delete(void* p, std::align_val_t a) noexcept { counted_free(p, static_cast<size_t>(a)); }
void operator delete[](void* p, std::align_val_t a) noexcept { counted_free(p, static_cast<size_t>(a)); }
void operator delete(void* p, size_t, std::align_val_t a) noexcept { counted_free(p, static_cast<size_t>(a)); }
void operator delete[](void* p, size_t, std::align_val_t a) noexcept { counted_free(p, static_cast<size_t>(a)); }
void operator delete(void* p, const std::nothrow_t&) noexcept { counted_free(p, kPlain); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { counted_free(p, kPlain); }
void operator delete(void* p, std::align_val_t a, const std::nothrow_t&) noexcept {
  counted_free(p, static_cast<size_t>(a));
}
void operator delete[](void* p, std::align_val_t a, const std::nothrow_t&) noexcept {
  counted_free(p, static_cast<size_t>(a));
}

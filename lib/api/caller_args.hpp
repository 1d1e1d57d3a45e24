// What the C API does with arguments before trusting them: enums read as
// the integers the caller passed, and the one-thread-at-a-time rule of a
// context checked on entry.
#pragma once

#include <atomic>
#include <cstdint>
#include <cstring>
#include <type_traits>

namespace cdma {

// An enum argument as the integer the caller passed. A C caller may pass any
// int where the header names an enum, and in C++ loading an enum object
// whose value is outside the enum's range is undefined (UBSan aborts on
// it), so the value is read as its object representation and checked as an
// integer before it is ever used as the enum.
template <typename E>
int64_t enum_arg(const E& e) {
  static_assert(std::is_enum_v<E>);
  std::underlying_type_t<E> raw;
  static_assert(sizeof raw == sizeof e);
  std::memcpy(&raw, &e, sizeof raw);
  return static_cast<int64_t>(raw);
}

// Marks a context busy for the length of a call. A second thread entering
// the same context meanwhile finds the flag set and gets context_in_use
// instead of racing the first: one atomic exchange per call. The
// acquire/release pair also orders calls that different threads make one
// after the other.
class ContextEntry {
 public:
  explicit ContextEntry(std::atomic<bool>& busy)
      : busy_(busy), entered_(!busy.exchange(true, std::memory_order_acquire)) {}
  ~ContextEntry() {
    if (entered_) busy_.store(false, std::memory_order_release);
  }
  ContextEntry(const ContextEntry&) = delete;
  ContextEntry& operator=(const ContextEntry&) = delete;
  bool entered() const { return entered_; }

 private:
  std::atomic<bool>& busy_;
  const bool entered_;
};

}  // namespace cdma

// Enters context `ctx` (not null) for the rest of the scope, or returns
// context_in_use when another call on it is in progress.
#define CDMA_ENTER_CONTEXT(ctx)                         \
  const ::cdma::ContextEntry cdma_entry_((ctx)->busy); \
  CDMA_RETURN_ERROR_IF(!cdma_entry_.entered(), context_in_use)

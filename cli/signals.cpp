#include "signals.hpp"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cerrno>
#include <cstring>
#include <string_view>

#include "failure.hpp"

namespace cdma::cli {
namespace {

constexpr size_t kTextSize = 4096;  // PATH_MAX: a longer path cannot be opened anyway

// A string the handler may read: `text` is complete while `set` is 1.
struct Slot {
  std::atomic<int> set{0};
  char text[kTextSize];

  // Copies `s`; returns false, leaving the slot unset, when it does not fit.
  bool store_exact(std::string_view s) {
    set = 0;
    if (s.size() >= kTextSize) return false;
    std::memcpy(text, s.data(), s.size());
    text[s.size()] = '\0';
    set = 1;
    return true;
  }
  // Copies `s`, cut to fit: a name for a message.
  void store_cut(std::string_view s) {
    set = 0;
    const size_t n = std::min(s.size(), kTextSize - 1);
    std::memcpy(text, s.data(), n);
    text[n] = '\0';
    set = 1;
  }
};

Slot g_temp_path;
Slot g_temp_dest;
std::atomic<int> g_temp_renaming{0};
Slot g_stream_name;
std::atomic<uint64_t> g_stream_bytes{0};
Slot g_removal_path;
Slot g_map_name;
std::atomic<uintptr_t> g_map_begin{0};
std::atomic<uintptr_t> g_map_end{0};
std::atomic<int> g_dying{0};
struct sigaction g_previous[NSIG];

static_assert(std::atomic<uint64_t>::is_always_lock_free && std::atomic<uintptr_t>::is_always_lock_free,
              "the signal handler reads these atomics");

// A line built without allocating: the handler's message.
class Line {
 public:
  void add(const char* s) {
    while (*s && n_ < sizeof buf_ - 1) buf_[n_++] = *s++;
  }
  void add(uint64_t v) {
    char digits[20];
    int k = 0;
    do digits[k++] = static_cast<char>('0' + v % 10);
    while ((v /= 10) != 0);
    while (k > 0 && n_ < sizeof buf_ - 1) buf_[n_++] = digits[--k];
  }
  // Writes the line and its newline (there is always room for it) to stderr.
  void write_to_stderr() {
    buf_[n_++] = '\n';
    for (size_t done = 0; done < n_;) {
      const ssize_t w = write(STDERR_FILENO, buf_ + done, n_ - done);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) return;
      done += static_cast<size_t>(w);
    }
  }

 private:
  char buf_[3 * kTextSize + 256];
  size_t n_ = 0;
};
Line g_line;  // static storage: the handler may run on a small thread stack

// Signals raised by a fault in cdma itself rather than sent to it. The
// kernel forces their default action even when they are ignored, so they
// are always handled (the temporary is removed) and then passed on to the
// handler that was there before (a sanitizer's, or the default core dump).
bool is_fault(int sig) {
  switch (sig) {
    case SIGILL: case SIGTRAP: case SIGABRT: case SIGBUS: case SIGFPE: case SIGSEGV: case SIGSYS:
      return true;
    default:
      return false;
  }
}

// "SIGINT"; real-time signals as kill -l names them: "SIGRTMIN+3".
void add_signal_name(Line& line, int sig) {
  line.add("SIG");
  if (sig == SIGRTMIN) {
    line.add("RTMIN");
  } else if (sig == SIGRTMAX) {
    line.add("RTMAX");
  } else if (sig > SIGRTMIN && sig < SIGRTMAX) {
    line.add("RTMIN+");
    line.add(static_cast<uint64_t>(sig - SIGRTMIN));
  } else if (const char* abbrev = sigabbrev_np(sig)) {
    line.add(abbrev);
  } else {
    line.add(static_cast<uint64_t>(sig));
  }
}

// Removes the temporary file in progress and says what became of each output.
void settle_outputs(Line& line) {
  if (g_temp_path.set && g_temp_dest.set) {
    const bool removed = unlink(g_temp_path.text) == 0;
    const bool missing = !removed && errno == ENOENT;
    line.add("; ");
    line.add(g_temp_dest.text);
    if (missing && g_temp_renaming) {
      line.add(" is complete");
      if (g_removal_path.set)
        line.add(access(g_removal_path.text, F_OK) == 0
                     ? ", and the input was kept (--rm had not verified the output yet)"
                     : ", and the input was removed");
    } else if (removed || missing) {
      line.add(" was not written");
    } else {
      line.add(" was not written, but its partial temporary file could not be removed: ");
      line.add(g_temp_path.text);
    }
  }
  if (g_stream_name.set) {
    const uint64_t bytes = g_stream_bytes;
    if (bytes == 0) {
      line.add("; nothing was written to ");
      line.add(g_stream_name.text);
    } else {
      line.add("; the ");
      line.add(bytes);
      line.add(" bytes written to ");
      line.add(g_stream_name.text);
      line.add(" are incomplete");
    }
  }
}

bool in_mapped_input(const void* address) {
  const auto a = reinterpret_cast<uintptr_t>(address);
  return a >= g_map_begin && a < g_map_end && g_map_name.set;
}

void on_fatal_signal(int sig, siginfo_t* info, void*) {
  // A second signal, in another thread, while the first is being reported:
  // that one ends the process. (All signals are blocked in this handler, so
  // it never nests in one thread.)
  if (g_dying.exchange(1)) {
    for (;;) pause();
  }
  Line& line = g_line;
  line.add("cdma: ");
  // A mapped file that shrank: the page it pointed to is gone. Not a crash
  // but bad input, reported as such (exit 2) rather than passed on.
  const bool torn = sig == SIGBUS && info && info->si_code > 0 && in_mapped_input(info->si_addr);
  if (torn) {
    line.add(g_map_name.text);
    line.add(": the file shrank, or could not be read, while cdma was reading it "
             "(did another program truncate it?)");
  } else {
    line.add(is_fault(sig) ? "crashed with " : "interrupted by ");
    add_signal_name(line, sig);
  }
  settle_outputs(line);
  line.write_to_stderr();
  if (torn) _exit(kExitData);
  sigaction(sig, &g_previous[sig], nullptr);
  raise(sig);  // delivered, with the previous action, once the handler returns
}

}  // namespace

void install_cleanup_handlers() {
  // A closed pipe (cdma ... -c | head) must surface as a write error we
  // report, not as a silent death by SIGPIPE; likewise a file past
  // `ulimit -f` (EFBIG instead of SIGXFSZ), so the temp file is removed.
  std::signal(SIGPIPE, SIG_IGN);
  std::signal(SIGXFSZ, SIG_IGN);

  struct sigaction action = {};
  action.sa_sigaction = on_fatal_signal;
  action.sa_flags = SA_SIGINFO;
  sigfillset(&action.sa_mask);
  const auto install = [&](int sig) {
    struct sigaction old = {};
    if (sigaction(sig, nullptr, &old) != 0) return;
    if (!is_fault(sig) && old.sa_handler != SIG_DFL) return;  // nohup's SIG_IGN stays
    if (old.sa_handler == SIG_IGN) old.sa_handler = SIG_DFL;  // a fault cannot be ignored
    g_previous[sig] = old;
    sigaction(sig, &action, nullptr);
  };
  // Every signal whose default action ends the process, but SIGKILL and
  // SIGSTOP (uncatchable) and SIGPIPE and SIGXFSZ (ignored above).
  for (const int sig : {SIGHUP, SIGINT, SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGUSR1,
                        SIGSEGV, SIGUSR2, SIGALRM, SIGTERM, SIGSTKFLT, SIGXCPU, SIGVTALRM, SIGPROF,
                        SIGIO, SIGPWR, SIGSYS})
    install(sig);
  for (int sig = SIGRTMIN; sig <= SIGRTMAX; ++sig) install(sig);
}

void begin_temp_output(const std::string& temp, const std::string& dest) {
  g_temp_path.set = 0;
  g_temp_renaming = 0;
  g_temp_dest.store_cut(dest);
  g_temp_path.store_exact(temp);
}

void temp_renaming(bool under_way) { g_temp_renaming = under_way ? 1 : 0; }

void end_temp_output() {
  g_temp_path.set = 0;
  g_temp_renaming = 0;
}

void begin_stream_output(const std::string& name) {
  if (g_stream_name.set && name == g_stream_name.text) return;
  g_stream_name.set = 0;
  g_stream_bytes = 0;
  g_stream_name.store_cut(name);
}

void count_stream_output(uint64_t bytes) { g_stream_bytes += bytes; }

PendingRemoval::PendingRemoval(const std::string& input) {
  if (!input.empty()) g_removal_path.store_exact(input);
}

PendingRemoval::~PendingRemoval() { g_removal_path.set = 0; }

void begin_mapped_input(const void* data, size_t size, const std::string& path) {
  end_mapped_input();
  g_map_name.store_cut(path);
  const auto begin = reinterpret_cast<uintptr_t>(data);
  g_map_begin = begin;
  g_map_end = begin + size;
}

void end_mapped_input() {
  g_map_end = 0;
  g_map_begin = 0;
  g_map_name.set = 0;
}

}  // namespace cdma::cli

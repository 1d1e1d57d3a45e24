"""The background worker offload() compresses and prefetches on, and the
bound on the bytes it holds for that work.

One worker thread for the whole process: cdma runs with the GIL released,
so one thread beside the training thread is what overlaps a codec with
compute; more would only take cores from the framework's own threads.
"""

import concurrent.futures
import threading
import time

_lock = threading.Lock()
_executor = None


def submit(fn, *args):
    """Runs fn(*args) on the worker; returns its Future."""
    global _executor
    with _lock:
        if _executor is None:
            _executor = concurrent.futures.ThreadPoolExecutor(
                max_workers=1, thread_name_prefix="cdma-offload")
        return _executor.submit(fn, *args)


class Budget:
    """Bytes in flight: raw tensors held only for the worker (waiting to be
    compressed, or decompressed ahead of use). take() blocks until the
    bytes fit under `limit`; try_take() does not."""

    def __init__(self, limit):
        self.limit = limit
        self.used = 0
        self.peak = 0
        self._cond = threading.Condition()

    def fits(self, n):
        return 0 < n <= self.limit

    def take(self, n):
        """Blocks until n more bytes fit (n must fit); returns seconds waited."""
        t0 = time.perf_counter()
        with self._cond:
            while self.used + n > self.limit:
                self._cond.wait()
            self._add(n)
        return time.perf_counter() - t0

    def try_take(self, n):
        with self._cond:
            if self.used + n > self.limit:
                return False
            self._add(n)
            return True

    def _add(self, n):
        self.used += n
        self.peak = max(self.peak, self.used)

    def give(self, n):
        with self._cond:
            self.used -= n
            self._cond.notify_all()

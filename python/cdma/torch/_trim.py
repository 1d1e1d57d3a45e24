"""Handing malloc's free heap pages back to the system before a large
allocation of offload()'s own (a frame being compressed, a span decoded).

glibc keeps freed blocks below its adaptive mmap threshold (up to 32 MiB) in
its heaps, resident, until the heap's top is free. In forward, those are the
originals that frames replaced (the whole point of compressing them); in
backward, the framework's gradients and temporaries of the layers already
done. Left there, they keep the process's resident memory where it was
without the hook, and a new frame or decoded span on top raises the step's
peak by what compression saved. malloc_trim(0) returns every free page of
every arena (glibc only; elsewhere this does nothing).
"""

import ctypes
import ctypes.util

TRIM_MIN = 8 * 2**20  # smaller allocations are not worth a system call


def _load():
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        fn = libc.malloc_trim
    except (OSError, AttributeError):
        return None
    fn.argtypes, fn.restype = [ctypes.c_size_t], ctypes.c_int
    return fn


_malloc_trim = _load()


def before_alloc(nbytes):
    if _malloc_trim is not None and nbytes >= TRIM_MIN:
        _malloc_trim(0)

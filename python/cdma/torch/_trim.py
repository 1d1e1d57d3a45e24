"""Handing malloc's free heap pages back to the system before a large decode.

glibc keeps freed blocks below its adaptive mmap threshold (up to 32 MiB) in
its heaps, resident, until the heap's top is free: in a training step, the
framework's gradients and temporaries of the layers already done. A decode
in backward allocates a whole span; on top of that retained memory it would
raise the step's peak by what compression saved. malloc_trim(0) returns
every free page of every arena (glibc only; elsewhere this does nothing).
"""

import ctypes
import ctypes.util

TRIM_MIN = 8 * 2**20  # decodes smaller than this are not worth a system call


def _load():
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        fn = libc.malloc_trim
    except (OSError, AttributeError):
        return None
    fn.argtypes, fn.restype = [ctypes.c_size_t], ctypes.c_int
    return fn


_malloc_trim = _load()


def before_decode(nbytes):
    if _malloc_trim is not None and nbytes >= TRIM_MIN:
        _malloc_trim(0)

"""Memory of its own for what offload() holds: large frames and decoded
spans live in anonymous mappings, returned to the system the moment they
are freed.

Frames and decoded spans are allocated on the background worker, live for
most of a step and die in an order unrelated to the framework's tensors.
Left to malloc, they land in its heaps (the worker thread's arena, and the
main one below the adaptive mmap threshold, which rises to 32 MiB) where a
freed block only returns to the system when nothing above it is live: the
process's resident memory then keeps what the hook freed, and a step's peak
rises instead of falling. A mapping of its own has no such neighbours.

Those mappings ask for transparent huge pages: a span is written whole right
after it is mapped, and faulting it in 4 KiB at a time (32768 faults for a
128 MiB span, each zeroing its page) cost more CPU than decoding it.
"""

import mmap

import torch

from . import _layout

# Smaller blocks are left to malloc: a mapping costs a system call and at
# least a page, and small blocks do not pin much.
OWN_PAGES_MIN = 256 * 1024
HUGE_PAGE = 2 * 2**20  # x86-64 and arm64 (4 KiB base pages)


def mapping(nbytes):
    """A private anonymous mapping of nbytes, backed by huge pages where
    the kernel allows them (THP "always", or "madvise" as Debian sets it).
    Private: mmap.mmap(-1, n) alone maps shared memory (shmem), whose pages
    cost more to fault in and take no huge pages under THP's defaults."""
    buf = mmap.mmap(-1, nbytes, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    if nbytes >= HUGE_PAGE and hasattr(mmap, "MADV_HUGEPAGE"):
        try:
            buf.madvise(mmap.MADV_HUGEPAGE)
        except OSError:  # THP "never", or a kernel without it: small pages
            pass
    return buf


def empty_span(numel, dtype):
    """An uninitialised 1-D tensor, in pages of its own when large."""
    nbytes = numel * _layout.itemsize(dtype)
    if nbytes < OWN_PAGES_MIN:
        return torch.empty(numel, dtype=dtype)
    # frombuffer keeps the mapping alive for as long as the tensor lives.
    return torch.frombuffer(mapping(nbytes), dtype=dtype, count=numel)

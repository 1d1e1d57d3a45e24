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
"""

import mmap

import torch

from . import _layout

# Smaller blocks are left to malloc: a mapping costs a system call and at
# least a page, and small blocks do not pin much.
OWN_PAGES_MIN = 256 * 1024


def frame_buffer(data):
    """`data` (bytes) in pages of its own when large; else `data` itself."""
    if len(data) < OWN_PAGES_MIN:
        return data
    buf = mmap.mmap(-1, len(data))
    buf[:] = data
    return buf


def empty_span(numel, dtype):
    """An uninitialised 1-D tensor, in pages of its own when large."""
    nbytes = numel * _layout.itemsize(dtype)
    if nbytes < OWN_PAGES_MIN:
        return torch.empty(numel, dtype=dtype)
    # frombuffer keeps the mapping alive for as long as the tensor lives.
    return torch.frombuffer(mmap.mmap(-1, nbytes), dtype=dtype, count=numel)

"""offload(): saved_tensors_hooks that hold saved tensors as cdma frames."""

import time
import weakref

import torch

import cdma
from . import _layout
from ._stats import LayerStats, OffloadStats


class _Frame:
    """One compressed storage span, shared by every saved view of it."""
    __slots__ = ("data", "dtype", "numel", "kind", "__weakref__")

    def __init__(self, data, dtype, numel, kind):
        self.data, self.dtype, self.numel, self.kind = data, dtype, numel, kind


class _Packed:
    """What autograd holds instead of a tensor: a frame plus the view."""
    __slots__ = ("frame", "shape", "stride", "device")

    def __init__(self, frame, shape, stride, device):
        self.frame, self.shape, self.stride, self.device = frame, shape, stride, device


def _is_parameter(t):
    """Leaf tensors that require grad (parameters) and views of them: the
    optimizer keeps them alive anyway, so compressing them frees nothing."""
    base = t._base if t._base is not None else t
    return base.is_leaf and base.requires_grad


class offload(torch.autograd.graph.saved_tensors_hooks):
    """Context manager: tensors autograd saves inside it are held compressed.

    level, codec, threads: as cdma.compress() (level 1 = plain ZVC, the
        fastest; higher levels shrink more and cost more time).
    min_bytes: smaller tensors are kept as they are (a frame's fixed cost
        and the call overhead are not worth it).
    stats: an OffloadStats to fill (one is created otherwise: .stats).

    Kept as they are, too: parameters and views of them, tensors whose frame
    would not be smaller, and layouts that cannot be rebuilt exactly (sparse,
    quantized, lazily conjugated, overlapping views with gaps).
    """

    def __init__(self, level=1, min_bytes=64 * 1024, codec=None, threads=1, stats=None):
        self.level, self.codec, self.threads = level, codec, threads
        self.min_bytes = min_bytes
        self.stats = stats if stats is not None else OffloadStats()
        # (address, elements, dtype, device) of a span -> (weak references to
        # a tensor over it and to its frame, the tensor's version). A live tensor pins its storage, so while the weak
        # reference lives, no other storage can occupy that address, and the
        # shared version counter says whether it was written since.
        self._seen = {}
        super().__init__(self._pack, self._unpack)

    def _pack(self, t):
        t0 = time.perf_counter()
        try:
            return self._pack_timed(t)
        finally:
            self.stats.pack_seconds += time.perf_counter() - t0

    def _pack_timed(self, t):
        s = self.stats.pending
        s.saved += 1
        nbytes = t.numel() * t.element_size()
        if _is_parameter(t):
            self.stats.parameter_bytes += nbytes
            return t
        if nbytes < self.min_bytes or not _layout.supported(t):
            return self._keep(s, t, nbytes)
        captured = _layout.capture(t)
        if captured is None:
            return self._keep(s, t, nbytes)
        kind, flat = captured
        # Only spans are shared: a copy's address says nothing about `t`.
        key = (flat.data_ptr(), flat.numel(), t.dtype, t.device) if kind == _layout.SPAN else None
        hit = self._seen.get(key) if key is not None else None
        if hit is not None and hit[0]() is not None and hit[1] == t._version:
            frame = hit[2]()
            if frame is not None:
                return _Packed(frame, tuple(t.shape), tuple(t.stride()), t.device)
        host = flat.detach()
        if host.device.type != "cpu":
            host = host.cpu()  # CUDA: the documented host copy
        data = cdma.compress(_layout.as_bytes(host), level=self.level, codec=self.codec,
                             threads=self.threads, element_width=_layout.offload_width(t.dtype),
                             checksum=False)
        raw = host.numel() * host.element_size()
        if len(data) >= raw:
            return self._keep(s, t, nbytes)
        frame = _Frame(data, t.dtype, host.numel(), kind)
        if len(self._seen) > 256:  # drop entries whose tensors have died
            self._seen = {k: v for k, v in self._seen.items()
                          if v[0]() is not None and v[2]() is not None}
        if key is not None:
            # Weak: a frame must die with the last graph node holding it,
            # not live on in this table until the whole graph is gone.
            self._seen[key] = (weakref.ref(t), t._version, weakref.ref(frame))
        s.unique += 1
        s.compressed += 1
        s.raw_bytes += raw
        s.held_bytes += len(data)
        return _Packed(frame, tuple(t.shape), tuple(t.stride()), t.device)

    @staticmethod
    def _keep(s, t, nbytes):
        s.unique += 1
        s.kept += 1
        s.raw_bytes += nbytes
        s.held_bytes += nbytes
        return t

    def _unpack(self, packed):
        if not isinstance(packed, _Packed):
            return packed
        t0 = time.perf_counter()
        f = packed.frame
        flat = torch.empty(f.numel, dtype=f.dtype)
        # No checksum was written: the frame never left this process's memory.
        cdma.decompress_into(f.data, _layout.as_bytes(flat))
        if packed.device.type != "cpu":
            flat = flat.to(packed.device)
        out = _layout.rebuild(f.kind, flat, packed.shape, packed.stride)
        self.stats.unpack_seconds += time.perf_counter() - t0
        return out


__all__ = ["offload", "OffloadStats", "LayerStats"]

"""offload(): saved_tensors_hooks that hold saved tensors as cdma frames."""

import numbers
import threading
import time
import warnings
import weakref

import torch

from cdma._info import CODECS
from . import _codecs, _inflight, _layout
from ._frame import Frame
from ._stats import LayerStats, OffloadStats

DEFAULT_INFLIGHT = 128 * 2**20


class _Packed:
    """What autograd holds instead of a tensor: a frame plus the view, and
    what is needed to check the tensor was not modified in place since."""
    __slots__ = ("frame", "shape", "stride", "device", "version", "refs")

    def __init__(self, frame, t, refs):
        self.frame, self.shape, self.stride = frame, tuple(t.shape), tuple(t.stride())
        self.device, self.version, self.refs = t.device, t._version, refs


class _Kept:
    """A tensor held as it is (parameters, small, unsupported layouts)."""
    __slots__ = ("tensor", "version")

    def __init__(self, t):
        self.tensor, self.version = t, t._version


def _is_parameter(t):
    """Leaf tensors that require grad (parameters) and views of them: the
    optimizer keeps them alive anyway, so compressing them frees nothing."""
    base = t._base if t._base is not None else t
    return base.is_leaf and base.requires_grad


def _tensor_refs(t):
    """Weak references through which an in-place change can still be seen
    after the tensor's memory was released: the tensor, and its base (every
    view of a base shares one version counter)."""
    refs = [weakref.ref(t)]
    if t._base is not None:
        refs.append(weakref.ref(t._base))
    return tuple(refs)


def _modified(shape, dtype, version, now):
    return RuntimeError(
        "one of the variables needed for gradient computation has been modified by an "
        "inplace operation: [%s %s] is at version %d; expected version %d instead "
        "(detected by cdma.torch.offload, which saved it). Hint: avoid the in-place "
        "operation, or clone() the tensor before changing it."
        % (dtype, list(shape), now, version))


def _check_args(level, min_bytes, codec, threads, stats, max_inflight_bytes, device_codec):
    def integer(name, v, lo):
        if isinstance(v, bool) or not isinstance(v, numbers.Integral) or v < lo:
            raise ValueError("offload(%s=%r): expected an integer >= %d" % (name, v, lo))
    integer("level", level, 1)
    if level > 9:
        raise ValueError("offload(level=%r): levels are 1 (fastest) to 9" % (level,))
    integer("min_bytes", min_bytes, 0)
    integer("threads", threads, 1)
    integer("max_inflight_bytes", max_inflight_bytes, 0)
    if codec is not None and not isinstance(codec, (str, numbers.Integral)):
        raise ValueError("offload(codec=%r): expected a codec name or None" % (codec,))
    if isinstance(codec, str) and codec not in CODECS:
        raise ValueError("offload(codec=%r): unknown; choose from %s"
                         % (codec, ", ".join(sorted(CODECS))))
    if not isinstance(device_codec, bool):
        raise ValueError("offload(device_codec=%r): expected True or False" % (device_codec,))
    if device_codec and (level != 1 or codec not in (None, "zvc")):
        raise ValueError("offload(device_codec=True): the device codec is level-1 ZVC; "
                         "leave level and codec at their defaults, or use device_codec=False")
    if stats is not None and not isinstance(stats, OffloadStats):
        raise ValueError("offload(stats=%r): expected an OffloadStats" % (stats,))


class offload(torch.autograd.graph.saved_tensors_hooks):
    """Context manager: tensors autograd saves inside it are held compressed.

    level, codec, threads: as cdma.compress() (level 1 = plain ZVC, the
        fastest; higher levels shrink more and cost more time).
    min_bytes: smaller tensors are kept as they are (a frame's fixed cost
        and the call overhead are not worth it).
    max_inflight_bytes: raw bytes the background worker may hold at once:
        saved tensors waiting to be compressed while forward goes on, and
        frames decoded ahead of backward's use, in reverse order of saving.
        0 compresses and decodes synchronously in the hooks; a tensor larger
        than the bound is compressed synchronously and never prefetched.
    stats: an OffloadStats to fill (one is created otherwise: .stats).
    device_codec: False (the host codec): a saved tensor is copied to host
        memory (if it is not there) and compressed there by the C library.
        True: it is compressed where it lives by cdma.torch.zvc (level-1
        ZVC in tensor operations) and only the frame bytes go to host
        memory, pinned and on a side stream on CUDA; backward copies them
        back and decodes on the device. Tensors zvc cannot code (complex)
        take the host codec instead, and layouts the host path keeps as
        they are (sparse, quantized) are kept: one warning per offload
        object for either.

    Kept as they are, too: parameters and views of them, tensors whose frame
    would not be smaller, tensors still referenced when the context exits
    (such as the batch itself: a frame would add to them, not replace
    them), and layouts that cannot be rebuilt exactly (sparse, quantized,
    lazily conjugated, overlapping views with gaps).

    Each saved tensor's version is recorded when it is saved and checked
    when backward uses it, as autograd does without hooks: a tensor changed
    in place in between raises RuntimeError. A damaged frame raises
    cdma.Error naming the saved tensor and its layer.
    """

    def __init__(self, level=1, min_bytes=64 * 1024, codec=None, threads=1, stats=None,
                 max_inflight_bytes=DEFAULT_INFLIGHT, device_codec=False):
        _check_args(level, min_bytes, codec, threads, stats, max_inflight_bytes, device_codec)
        self.level, self.codec, self.threads = level, codec, threads
        self._host_codec = _codecs.HostCodec(level, codec, threads)
        self._device_codec = _codecs.DeviceCodec() if device_codec else None
        self._warned = False
        self.min_bytes = min_bytes
        self.stats = stats if stats is not None else OffloadStats()
        self.lock = threading.RLock()
        self._budget = _inflight.Budget(max_inflight_bytes)
        # Frames in the order they were packed (weakly: a frame dies with
        # the last graph node that saved it): backward's prefetch order.
        self._order = []
        # (address, elements, dtype, device) of a span -> (weak references
        # to a tensor over it and to its frame, the tensor's version). A live
        # tensor pins its storage, so while the weak reference lives no other
        # storage can occupy that address, and the version says whether it
        # was written since.
        self._seen = {}
        super().__init__(self._pack, self._unpack)

    def __enter__(self):
        # A context used for step after step: forget the steps whose frames
        # are all gone, so that prefetch scans only the live graph's frames.
        if all(ref() is None for ref in self._order):
            self._order = []
        return super().__enter__()

    def __exit__(self, *exc):
        super().__exit__(*exc)
        # Spans still referenced outside autograd (the batch, a tensor the
        # caller keeps) stay in memory anyway: hold them, not also a frame.
        for ref, frame_ref in list(self._seen.values()):
            t, frame = ref(), frame_ref()
            if t is not None and frame is not None:
                frame.hold_as_is(_layout.capture(t)[1])
        self._seen.clear()

    # -- accounting (called by frames, under self.lock) -------------------

    def charge(self, frame, n):
        st = self.stats
        st.held_bytes_now += n - frame.charged
        frame.charged = n
        st.peak_held_bytes = max(st.peak_held_bytes, st.held_bytes_now)

    def release(self, frame):
        with self.lock:
            self.charge(frame, 0)
            self.give_inflight(frame)

    def give_inflight(self, frame):
        if frame.inflight:
            self._budget.give(frame.inflight)
            self.stats.inflight_bytes -= frame.inflight
            frame.inflight = 0

    def _take_inflight(self, frame, wait):
        n = frame.raw_bytes
        if wait:
            self.stats.pack_wait_seconds += self._budget.take(n)
        elif not self._budget.try_take(n):
            return False
        with self.lock:
            frame.inflight = n
            self.stats.inflight_bytes += n
            self.stats.peak_inflight_bytes = max(self.stats.peak_inflight_bytes,
                                                 self.stats.inflight_bytes)
        return True

    def outcome(self, frame, frame_bytes, undo=None):
        """Records whether `frame` ended compressed (frame_bytes) or kept."""
        s = frame.layer
        if undo is not None:
            s.compressed -= 1
            s.held_bytes -= undo
        if frame_bytes is None:
            s.kept += 1
            s.held_bytes += frame.raw_bytes
        else:
            s.compressed += 1
            s.held_bytes += frame_bytes

    # -- the hooks --------------------------------------------------------

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
            return _Kept(t)
        if not _layout.supported(t):
            if self._device_codec is not None:
                self._warn_host_path(t, "they take the host path and are kept as they are")
            return self._keep(s, t, nbytes)
        if nbytes < self.min_bytes:
            return self._keep(s, t, nbytes)
        captured = _layout.capture(t)
        if captured is None:
            return self._keep(s, t, nbytes)
        kind, flat = captured
        # Only spans are shared: a copy's address says nothing about `t`.
        key = (flat.data_ptr(), flat.numel(), t.dtype, t.device) if kind == _layout.SPAN else None
        hit = self._seen.get(key) if key is not None else None
        if hit is not None and hit[0]() is not None and hit[0]()._version == t._version:
            frame = hit[1]()
            if frame is not None:
                return _Packed(frame, t, _tensor_refs(t))
        with self.lock:
            frame = Frame(self, len(self._order), s, _layout.unaliased(flat.detach()), kind,
                          _layout.offload_width(t.dtype), self._coder_for(t))
            self._order.append(weakref.ref(frame))
        del flat
        s.unique += 1
        s.raw_bytes += frame.raw_bytes
        if key is not None:
            if len(self._seen) > 256:  # drop entries whose tensors have died
                self._seen = {k: v for k, v in self._seen.items()
                              if v[0]() is not None and v[1]() is not None}
            # Weak: a frame must die with the last graph node holding it,
            # not live on in this table until the whole graph is gone.
            self._seen[key] = (weakref.ref(t), weakref.ref(frame))
        if self._budget.fits(frame.raw_bytes):
            self._take_inflight(frame, wait=True)
            with self.lock:
                frame.future = _inflight.submit(frame.compress)
        else:
            frame.compress()
        return _Packed(frame, t, _tensor_refs(t))

    def _coder_for(self, t):
        """The device codec when asked for and it codes `t`; else the host
        codec (a training step never fails for want of the device codec)."""
        dev = self._device_codec
        if dev is None:
            return self._host_codec
        if dev.accepts(t):
            return dev
        self._warn_host_path(t, "compressing them with the host codec instead")
        return self._host_codec

    def _warn_host_path(self, t, what):
        """One warning per offload object: a tensor the device codec cannot
        code (sparse, quantized, complex) takes the host path; a training
        step never fails for it."""
        if self._warned:
            return
        self._warned = True
        kind = "quantized" if t.is_quantized else str(t.layout)
        warnings.warn("cdma.torch.offload(device_codec=True): %s %s tensors are not coded by the "
                      "device codec; %s (warned once per offload object)" % (kind, t.dtype, what),
                      RuntimeWarning, stacklevel=5)

    @staticmethod
    def _keep(s, t, nbytes):
        s.unique += 1
        s.kept += 1
        s.raw_bytes += nbytes
        s.held_bytes += nbytes
        return _Kept(t)

    def _unpack(self, packed):
        if isinstance(packed, _Kept):
            t = packed.tensor
            if t._version != packed.version:
                raise _modified(t.shape, t.dtype, packed.version, t._version)
            return t
        if not isinstance(packed, _Packed):
            return packed
        t0 = time.perf_counter()
        for ref in packed.refs:
            t = ref()
            if t is not None and t._version != packed.version:
                raise _modified(packed.shape, packed.frame.dtype, packed.version, t._version)
        frame = packed.frame
        flat, waited = frame.restore()
        with self.lock:
            self.give_inflight(frame)  # a prefetched frame is now in use
        self.stats.unpack_wait_seconds += waited
        self._prefetch(frame.seq)
        flat = frame.coder.deliver(flat, packed.device)
        out = _layout.rebuild(frame.kind, flat, packed.shape, packed.stride)
        self.stats.unpack_seconds += time.perf_counter() - t0
        return out

    def _cold(self, i):
        """The frame packed i-th if it still waits to be decoded, else None."""
        frame = self._order[i]() if 0 <= i < len(self._order) else None
        if frame is None:
            return None
        with self.lock:
            if frame.data is None or frame.future is not None:
                return None  # raw already, or being worked on
        return frame

    def _prefetch(self, seq):
        """Starts decoding the next frame backward needs: the latest one
        packed before `seq` that is still a frame (backward needs them in
        about the reverse order of packing), as far as the in-flight bound
        allows. One ahead is enough to hide a decode behind a node's compute.

        Except that one node's saved tensors are packed in the order the node
        unpacks them, so the reverse order of packing is wrong within a node.
        The case that matters: max-pool saves its input, then its indices,
        and unpacks the input first; the frame packed just before an integer
        frame (indices, masks, ids) is the tensor they go with. Both are
        started, that one first (the worker takes jobs in order)."""
        start = min(seq, len(self._order)) - 1
        frame = None
        for i in range(start, -1, -1):
            frame = self._cold(i)
            if frame is not None:
                break
        if frame is None:
            return
        companion = None
        if not (frame.dtype.is_floating_point or frame.dtype.is_complex):
            companion = self._cold(frame.seq - 1)
        for f in (companion, frame):
            if f is None:
                continue
            if not self._budget.fits(f.raw_bytes) or not self._take_inflight(f, False):
                return
            with self.lock:
                f.future = _inflight.submit(f.decode)


__all__ = ["offload", "OffloadStats", "LayerStats"]

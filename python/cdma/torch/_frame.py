"""One saved storage span as offload() holds it, shared by every saved view
of it, through its life:

    pending    the raw span, waiting for the worker to compress it
    frame      cdma frame bytes only (the raw span released)
    raw        the raw span: held as is (incompressible, or still alive
               elsewhere so that a frame would only add to it), or
               decompressed for backward, once for all its views, and
               held until the last graph node that saved it lets go.

A span is decompressed at most once: the frame's bytes are dropped when it
is, so the span never costs its raw size and its frame at the same time for
longer than the decode. All changes happen under the owner's lock; the codec
calls run outside it (with the GIL released).
"""

import time

import cdma


class Frame:
    __slots__ = ("owner", "seq", "layer", "dtype", "numel", "kind", "raw_bytes", "width",
                 "source", "data", "tensor", "future", "inflight", "charged", "coder", "mark",
                 "device", "__weakref__")

    def __init__(self, owner, seq, layer, flat, kind, width, coder):
        self.owner, self.seq, self.layer = owner, seq, layer
        self.coder = coder    # a _codecs strategy: where and how the span is coded
        self.mark = coder.mark(flat)  # what the coder orders its work after
        self.dtype, self.numel, self.kind, self.width = flat.dtype, flat.numel(), kind, width
        self.device = flat.device
        self.raw_bytes = self.numel * flat.element_size()
        self.source = flat    # raw span until compressed
        self.data = None      # frame bytes
        self.tensor = None    # raw span held (kept, or decompressed)
        self.future = None    # the worker's job on this frame, if any
        self.inflight = 0     # bytes of the owner's budget this frame holds
        self.charged = 0      # bytes counted in the owner's held total
        owner.charge(self, self.raw_bytes)

    def __del__(self):
        try:
            self.owner.release(self)
        except Exception:  # interpreter shutdown
            pass

    def describe(self):
        name = self.layer.name if self.layer is not None and self.layer.name else None
        return "saved tensor #%d (%s, %d elements)%s" % (
            self.seq, self.dtype, self.numel, " of layer %r" % name if name else "")

    # -- forward ---------------------------------------------------------

    def compress(self):
        """Compresses the pending span (on the worker, or in pack), then
        either drops it for the frame or holds it as is."""
        owner = self.owner
        with owner.lock:
            src = self.source
        if src is None:  # held as is meanwhile (offload.__exit__)
            return
        try:
            data = self.coder.encode(src, self.mark, self.width)
        except Exception:  # out of memory, say: hold it as it is, release the bound
            data = None
        with owner.lock:
            self.future, self.mark = None, None
            src, self.source = self.source, None
            if src is None:        # held as is meanwhile
                return
            if data is None or len(data) >= self.raw_bytes:
                self.tensor = src  # does not shrink: hold it as it is
                owner.outcome(self, None)
            else:
                self.data = data
                owner.charge(self, len(data))
                owner.outcome(self, len(data))
            owner.give_inflight(self)

    def hold_as_is(self, flat):
        """The span is alive elsewhere anyway: a frame would only add to it."""
        owner = self.owner
        with owner.lock:
            if self.tensor is not None or (self.data is None and self.source is None):
                return
            frame_bytes = len(self.data) if self.data is not None else None
            self.tensor, self.source, self.data = flat, None, None
            owner.charge(self, self.raw_bytes)
            owner.outcome(self, None, undo=frame_bytes)
            owner.give_inflight(self)

    # -- backward --------------------------------------------------------

    def decode(self):
        """Decompresses the frame into a fresh span (on the worker when
        prefetching, or in unpack), then holds that instead of the bytes."""
        owner = self.owner
        with owner.lock:
            data = self.data
        if data is None:
            return
        try:
            flat = self.coder.decode(data, self.numel, self.dtype, self.device)
        except cdma.Error as e:
            e.args = ("cdma.Error (%s): %s, while restoring %s for backward"
                      % (getattr(e, "name", "?"), e, self.describe()),)
            raise
        del data
        with owner.lock:
            if self.tensor is None:
                self.tensor, self.data = flat, None
                owner.charge(self, self.raw_bytes)

    def restore(self):
        """The raw span, for unpack: waits for the worker's job on this
        frame, if any, else decodes here. Returns (span, seconds waited)."""
        waited = 0.0
        while True:
            with self.owner.lock:
                if self.tensor is not None:
                    return self.tensor, waited
                fut = self.future
            if fut is None:
                self.decode()
                continue
            t0 = time.perf_counter()
            try:
                fut.result()
            finally:
                waited += time.perf_counter() - t0
                with self.owner.lock:
                    if self.future is fut:
                        self.future = None

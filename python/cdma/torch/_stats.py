"""What offload() saw: per layer, how many bytes autograd saved and how many
cdma held instead. A tensor saved twice (a ReLU's output is saved by the ReLU
and again as the next layer's input) is counted once, as it is stored once.
"""

import collections


class LayerStats:
    __slots__ = ("name", "saved", "unique", "compressed", "kept", "raw_bytes", "held_bytes")

    def __init__(self):
        self.name = None      # set by OffloadStats.end_layer
        self.saved = 0        # pack calls
        self.unique = 0       # distinct tensors (storage spans)
        self.compressed = 0   # of those, held compressed
        self.kept = 0         # of those, kept as they are (small or incompressible)
        self.raw_bytes = 0    # bytes of the distinct tensors
        self.held_bytes = 0   # bytes actually held: frames, plus kept tensors

    @property
    def ratio(self):
        return self.raw_bytes / self.held_bytes if self.held_bytes else 1.0

    def add(self, other):
        for f in self.__slots__[1:]:
            setattr(self, f, getattr(self, f) + getattr(other, f))


class OffloadStats:
    """Counters of an offload() context.

    Saves are attributed to layers by the caller: every save since the last
    end_layer(name) belongs to `name` (a layer's saves happen before the code
    after it runs, so this is the natural place to call it). Saves never
    attributed stay under "(unattributed)". Parameters (leaf tensors that
    require grad, and views of them) are never compressed and are counted in
    parameter_bytes only.
    """

    UNATTRIBUTED = "(unattributed)"

    def __init__(self):
        # name -> the LayerStats of each end_layer(name): kept apart, not
        # summed at once, as compression finishes in the background and
        # fills them in after the layer ended.
        self._parts = collections.OrderedDict()
        self.pending = LayerStats()
        self.parameter_bytes = 0
        self.pack_seconds = 0.0          # in the pack hook, waiting included
        self.unpack_seconds = 0.0        # in the unpack hook, waiting included
        self.pack_wait_seconds = 0.0     # pack waiting for bytes in flight to drain
        self.unpack_wait_seconds = 0.0   # unpack waiting for the worker's job
        self.held_bytes_now = 0          # frames, or raw spans held instead of them
        self.peak_held_bytes = 0
        self.inflight_bytes = 0          # raw bytes held for the background worker
        self.peak_inflight_bytes = 0

    def end_layer(self, name):
        self.pending.name = name
        self._parts.setdefault(name, []).append(self.pending)
        self.pending = LayerStats()

    @property
    def layers(self):
        """name -> LayerStats, in the order the layers first ended."""
        out = collections.OrderedDict()
        for name, parts in self._parts.items():
            out[name] = LayerStats()
            out[name].name = name
            for p in parts:
                out[name].add(p)
        return out

    def finish(self):
        """Attributes what is still pending."""
        if self.pending.saved:
            self.end_layer(self.UNATTRIBUTED)

    def total(self):
        t = LayerStats()
        for s in [p for parts in self._parts.values() for p in parts] + [self.pending]:
            t.add(s)
        return t

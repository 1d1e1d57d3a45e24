"""What offload() saw: per layer, how many bytes autograd saved and how many
cdma held instead. A tensor saved twice (a ReLU's output is saved by the ReLU
and again as the next layer's input) is counted once, as it is stored once.
"""

import collections


class LayerStats:
    __slots__ = ("saved", "unique", "compressed", "kept", "raw_bytes", "held_bytes")

    def __init__(self):
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
        for f in self.__slots__:
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
        self.layers = collections.OrderedDict()
        self.pending = LayerStats()
        self.parameter_bytes = 0
        self.pack_seconds = 0.0
        self.unpack_seconds = 0.0

    def end_layer(self, name):
        self.layers.setdefault(name, LayerStats()).add(self.pending)
        self.pending = LayerStats()

    def finish(self):
        """Attributes what is still pending."""
        if self.pending.saved:
            self.end_layer(self.UNATTRIBUTED)

    def total(self):
        t = LayerStats()
        for s in list(self.layers.values()) + [self.pending]:
            t.add(s)
        return t

"""cdma as a numcodecs codec, for Zarr (v2) arrays and anything else that
takes a numcodecs.abc.Codec:

    import zarr, cdma.numcodecs
    z = zarr.open("acts.zarr", mode="w", shape=a.shape, chunks=(1, 64, 56, 56),
                  dtype=a.dtype, compressor=cdma.numcodecs.Cdma(level=3))
    z[:] = a

The codec registers itself on import, and the package declares it under the
`numcodecs.codecs` entry point, so a process that opens a store whose metadata
names {"id": "cdma", ...} finds it without importing cdma first.

Chunks are coded as raw bytes with the element width of the chunk's dtype
(ZVC compares whole elements with zero): Zarr keeps dtype and shape in its own
metadata, so the frames carry none.
"""

import numpy as _np
from numcodecs.abc import Codec
from numcodecs.compat import ensure_contiguous_ndarray, ndarray_copy
from numcodecs.registry import register_codec

import cdma as _cdma

_WIDTHS = (1, 2, 4, 8)


def _checked_int(name, value, lo, hi, allow_none=False):
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, _np.integer)):
        raise TypeError("cdma.numcodecs.Cdma: %s must be an int, not %r" % (name, value))
    if not lo <= value <= hi:
        raise ValueError("cdma.numcodecs.Cdma: %s=%d is outside %d..%d" % (name, value, lo, hi))
    return int(value)


class Cdma(Codec):
    """Compress chunks with cdma.

    level: 1 (fastest, plain zero-value compression) .. 9 (best ratio);
        None for the library's default.
    threads: threads coding the blocks of one chunk (0 = all cores); the
        output is the same for every value.
    element_width: bytes per element (1, 2, 4, 8) when encode() is handed
        plain bytes; with an array, the width comes from its dtype (itemsizes
        that are not 1, 2, 4 or 8 fall back to this, else to 1).
    """

    codec_id = "cdma"

    def __init__(self, level=None, threads=1, element_width=None):
        self.level = _checked_int("level", level, 1, 9, allow_none=True)
        self.threads = _checked_int("threads", threads, 0, 4096)
        self.element_width = _checked_int("element_width", element_width, 1, 8, allow_none=True)
        if self.element_width is not None and self.element_width not in _WIDTHS:
            raise ValueError("cdma.numcodecs.Cdma: element_width must be 1, 2, 4 or 8, "
                             "not %d" % self.element_width)

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        config.pop("id", None)
        unknown = sorted(set(config) - {"level", "threads", "element_width"})
        if unknown:
            raise ValueError("cdma.numcodecs.Cdma: unknown config keys %s" % ", ".join(unknown))
        return cls(**config)

    def get_config(self):
        return {"id": self.codec_id, "level": self.level, "threads": self.threads,
                "element_width": self.element_width}

    def _width_for(self, buf):
        itemsize = buf.dtype.itemsize if isinstance(buf, _np.ndarray) else 1
        if isinstance(buf, _np.ndarray) and buf.dtype.hasobject:
            raise TypeError("cdma.numcodecs.Cdma: object arrays cannot be compressed "
                            "(add an object codec such as numcodecs.Pickle before cdma)")
        if itemsize in _WIDTHS and isinstance(buf, _np.ndarray) and buf.dtype != _np.uint8:
            return itemsize
        return self.element_width or (itemsize if itemsize in _WIDTHS else 1)

    def encode(self, buf):
        width = self._width_for(buf)
        raw = ensure_contiguous_ndarray(buf).reshape(-1).view(_np.uint8)
        return _cdma.compress(raw, level=self.level, threads=self.threads,
                              element_width=width)

    def decode(self, buf, out=None):
        frame = ensure_contiguous_ndarray(buf).reshape(-1).view(_np.uint8)
        if out is None:
            return _cdma.decompress(frame, threads=self.threads)
        target = ensure_contiguous_ndarray(out).reshape(-1).view(_np.uint8)
        size = _cdma.frame_info(frame).content_size
        if size is not None and size != target.nbytes:
            raise ValueError("cdma.numcodecs.Cdma: the chunk holds %d bytes, out has %d"
                             % (size, target.nbytes))
        if size is None:
            return ndarray_copy(_cdma.decompress(frame, threads=self.threads), out)
        _cdma.decompress_into(frame, target, threads=self.threads)
        return out

    def __repr__(self):
        return "Cdma(level=%r, threads=%r, element_width=%r)" % (
            self.level, self.threads, self.element_width)


register_codec(Cdma)

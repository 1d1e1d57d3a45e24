"""cdma.load(): the tensors of a compressed safetensors file (`cdma compress
x.safetensors` writes frame 1 = the 8-byte length and JSON header, then one
frame per tensor in byte order), read lazily: opening decodes only the header
frame, and each tensor is decoded when it is first asked for."""

import mmap
from collections.abc import Mapping

from . import _cdma
from ._info import FrameInfo

# The reference reader's limit on the JSON header, plus the length field.
_MAX_HEADER_FRAME = 8 + 100_000_000


class Container(Mapping):
    """A read-only mapping of tensor name -> numpy.ndarray over a compressed
    container file, in the order of the tensors' bytes in the original file.
    Each access decodes that tensor's frame (and only it); arrays are not
    cached. Close it (or use `with`) to release the file."""

    def __init__(self, path, *, threads=1, max_output_size=None):
        self.path = str(path)
        self._threads = threads
        self._limit = max_output_size
        with open(self.path, "rb") as f:
            size = f.seek(0, 2)
            self._map = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
        try:
            self._tensors = self._read_index(memoryview(self._map))
        except BaseException:
            self.close()
            raise

    def _fail(self, why):
        raise ValueError("%s: not a compressed safetensors file: %s" % (self.path, why))

    def _read_index(self, data):
        frames, at = [], 0
        while at < len(data):
            n = _cdma.frame_size(data[at:])
            frames.append((at, n, FrameInfo(frame_size=n, **_cdma.frame_info(data[at:at + n]))))
            at += n
        if not frames:
            self._fail("it is empty")
        for _, _, info in frames:
            if info.content_size is None or info.prefix_size:
                self._fail("a frame records no content size, or a file prefix")
        first = frames[0][2]
        if first.dtype is not None or first.element_width != 1 \
                or not 8 <= first.content_size <= _MAX_HEADER_FRAME:
            self._fail("its first frame is not a safetensors header")
        from . import decompress  # the package's, with its limits and checks
        header = decompress(data[:frames[0][1]], threads=self._threads, max_output_size=0)
        total = sum(info.content_size for _, _, info in frames)
        layout = _cdma.safetensors_layout(header, total)
        if len(layout) + 1 != len(frames):
            self._fail("the header names %d tensors but %d frames follow"
                       % (len(layout), len(frames) - 1))
        tensors = {}
        for (name, _, cdma_dtype, shape, begin, end), (at, n, info) in zip(layout, frames[1:]):
            if info.content_size != end - begin or info.dtype != cdma_dtype:
                self._fail("tensor %r does not match its frame" % name)
            tensors[name] = (at, n, tuple(shape))
        return tensors

    def __getitem__(self, name):
        at, n, shape = self._tensors[name]
        from . import decompress
        arr = decompress(memoryview(self._map)[at:at + n], threads=self._threads,
                         max_output_size=self._limit)
        if arr.shape == shape:
            return arr
        # A shape deeper than a frame records (32) is known from the header;
        # NumPy 1 cannot make such an array either.
        try:
            return arr.reshape(shape)
        except ValueError as e:
            raise ValueError("%s: tensor %r: %s" % (self.path, name, e)) from None

    def __iter__(self):
        return iter(self._tensors)

    def __len__(self):
        return len(self._tensors)

    def shape(self, name):
        """The shape of tensor `name`, without decoding it."""
        return self._tensors[name][2]

    def close(self):
        """Release the file; the arrays already returned stay valid."""
        m, self._map = self._map, b""
        if isinstance(m, mmap.mmap):
            try:
                m.close()
            except BufferError:  # a view is still alive (in a traceback); freed with it
                pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        return "<cdma.Container %r: %d tensors>" % (self.path, len(self._tensors))


def load(path, *, threads=1, max_output_size=None):
    """The tensors of a compressed safetensors file (`cdma compress
    x.safetensors` wrote it) as a lazy, read-only dict-like Container: only
    the header frame is decoded here, each tensor on access, with the dtype
    and shape the file gave it (bfloat16/fp8 as ml_dtypes types when
    installed, else uint16/uint8 bit patterns). The header is validated by
    the same rules as `cdma compress`; a file whose frames disagree with it
    raises ValueError, a damaged frame cdma.Error.
    threads, max_output_size: as for cdma.decompress, per tensor."""
    return Container(path, threads=threads, max_output_size=max_output_size)

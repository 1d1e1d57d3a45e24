"""cdma.load(): the tensors of a compressed container file, read lazily:
opening reads the frame headers (and decodes a safetensors header frame),
and each tensor is decoded when it is asked for.

- safetensors (`cdma compress x.safetensors`): frame 1 is the 8-byte length
  and JSON header, then one frame per tensor in byte order.
- .npz (`cdma compress x.npz`): each stored member is a frame whose file
  prefix is the member's zip local header and .npy header; the other zip
  bytes (central directory, deflated members) are frames of plain bytes.
"""

import io
import mmap
import struct
from collections.abc import Mapping

import numpy as np

from . import _cdma, _output
from ._info import FrameInfo

# The reference reader's limit on the JSON header, plus the length field.
_MAX_HEADER_FRAME = 8 + 100_000_000


class Container(Mapping):
    """A read-only mapping of tensor name -> numpy.ndarray over a compressed
    container file, in the order of the tensors' bytes in the original file.
    Each access decodes that tensor's frame (and only it); arrays are not
    cached. Close it (or use `with`) to release the file.

    For a .npz the keys are the member names without ".npy", as
    numpy.load's NpzFile gives them, and `c["x.npy"]` finds "x" too. Only
    stored members (numpy.savez) are listed: a deflated member
    (numpy.savez_compressed) is carried by cdma as plain bytes, not as a
    tensor; `cdma decompress` the file and numpy.load it to read those."""

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
        raise ValueError("%s: not a compressed safetensors or .npz file: %s" % (self.path, why))

    def _read_index(self, data):
        frames, at = [], 0
        while at < len(data):
            try:
                n = _cdma.frame_size(data[at:])
                frames.append((at, n, FrameInfo(frame_size=n, **_cdma.frame_info(data[at:at + n]))))
            except _cdma.Error as e:
                raise self._located(e, "frame %d at offset %d" % (len(frames) + 1, at)) from None
            at += n
        if not frames:
            self._fail("it is empty")
        for _, _, info in frames:
            if info.content_size is None:
                self._fail("a frame records no content size")
        # Only a .npz member's frame carries a file prefix.
        if any(info.prefix_size for _, _, info in frames):
            return self._npz_index(data, frames)
        return self._safetensors_index(data, frames)

    def _safetensors_index(self, data, frames):
        first = frames[0][2]
        if first.dtype is not None or first.element_width != 1 \
                or not 8 <= first.content_size <= _MAX_HEADER_FRAME:
            self._fail("its first frame is not a safetensors header")
        from . import decompress  # the package's, with its limits and checks
        try:
            header = decompress(data[:frames[0][1]], threads=self._threads, max_output_size=0)
        except _cdma.Error as e:
            raise self._located(e, "frame 1 (the safetensors header)") from None
        total = sum(info.content_size for _, _, info in frames)
        try:
            layout = _cdma.safetensors_layout(header, total)
        except ValueError as e:  # names the tensor
            self._fail("its header: %s" % e)
        if len(layout) + 1 != len(frames):
            self._fail("the header names %d tensors but %d frames follow"
                       % (len(layout), len(frames) - 1))
        tensors = {}
        for (name, _, cdma_dtype, shape, begin, end), (at, n, info) in zip(layout, frames[1:]):
            if info.content_size != end - begin or info.dtype != cdma_dtype:
                self._fail("tensor %r does not match its frame" % name)
            tensors[name] = (at, n, tuple(shape), None)
        return tensors

    def _npz_index(self, data, frames):
        tensors = {}
        for k, (at, n, info) in enumerate(frames):
            if not info.prefix_size:
                if info.dtype is not None or info.element_width != 1:
                    self._fail("frame %d holds a tensor but no .npz member header" % (k + 1))
                continue  # zip structure, deflated members
            name, dtype, shape, fortran = self._npz_member(k, _cdma.file_prefix(data[at:at + n]))
            count = 1
            for d in shape:
                count *= d
            if count * dtype.itemsize != info.content_size:
                self._fail("member %r: its .npy header needs %d bytes but its frame holds %d"
                           % (name, count * dtype.itemsize, info.content_size))
            key = name[:-4] if name.endswith(".npy") else name
            if key in tensors:
                self._fail("member %r appears twice" % name)
            tensors[key] = (at, n, tuple(shape), (dtype, fortran))
        return tensors

    def _npz_member(self, k, prefix):
        """(name, dtype, shape, fortran_order) from a member frame's file
        prefix: a zip local file header, then a whole .npy header."""
        if len(prefix) < 30 or prefix[:4] != b"PK\x03\x04":
            self._fail("the file prefix of frame %d is not a zip member header" % (k + 1))
        flags, = struct.unpack_from("<H", prefix, 6)
        n, x = struct.unpack_from("<HH", prefix, 26)
        raw = bytes(prefix[30:30 + n])
        # zipfile's rule: UTF-8 when flag bit 11 says so, else code page 437.
        name = raw.decode("utf-8" if flags & 0x800 else "cp437", "replace")
        npy = bytes(prefix[30 + n + x:])
        if len(prefix) < 30 + n + x or not npy.startswith(b"\x93NUMPY"):
            self._fail("member %r: no .npy header after its zip header" % name)
        try:
            shape, fortran, dtype, size = _output.npy_header(npy)
        except _cdma.Error as e:  # a header NumPy refuses
            self._fail("member %r: %s" % (name, e))
        if size != len(npy):
            self._fail("member %r: bytes follow its .npy header in the prefix" % name)
        if dtype.hasobject:
            self._fail("member %r holds Python objects" % name)
        return name, dtype, shape, fortran

    def _located(self, e, where):
        """cdma.Error `e` again, its message saying which file and part."""
        located = _cdma.Error("%s: %s: %s" % (self.path, where, e))
        located.code, located.name = getattr(e, "code", None), getattr(e, "name", None)
        return located

    def _key(self, name):
        if name not in self._tensors and isinstance(name, str) and name.endswith(".npy"):
            return name[:-4]  # NpzFile's rule: "x" and "x.npy" both find member x.npy
        return name

    def __getitem__(self, name):
        try:
            return self._decode(name)
        except _cdma.Error as e:
            raise self._located(e, "tensor %r" % (name,)) from None

    def _decode(self, name):
        at, n, shape, npz = self._tensors[self._key(name)]
        frame = memoryview(self._map)[at:at + n]
        if npz is not None:
            dtype, fortran = npz
            info = FrameInfo(frame_size=n, **_cdma.frame_info(frame))
            _output.check_size(info.content_size,
                               _output.output_limit(self._limit, n))
            out = np.empty(shape, dtype, order="F" if fortran else "C")
            _cdma.decompress_into(frame, _output.storage_bytes(out), self._threads)
            return out
        from . import decompress
        arr = decompress(frame, threads=self._threads, max_output_size=self._limit)
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
        return self._tensors[self._key(name)][2]

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
    """The tensors of a compressed safetensors or .npz file (`cdma compress
    x.safetensors` or `cdma compress x.npz` wrote it) as a lazy, read-only
    dict-like Container, usable with `with` as numpy.load's NpzFile: only
    the frame headers (and a safetensors header frame) are read here, each
    tensor is decoded on access, with the dtype and shape the file gave it
    (safetensors bfloat16/fp8 as ml_dtypes types when installed, else
    uint16/uint8 bit patterns; a .npz member as its .npy header says,
    Fortran order kept). A safetensors header is validated by the same rules
    as `cdma compress`; a file whose frames disagree with their headers
    raises ValueError, a damaged frame cdma.Error. A .npz's deflated members
    are not listed (see Container).
    threads, max_output_size: as for cdma.decompress, per tensor."""
    return Container(path, threads=threads, max_output_size=max_output_size)

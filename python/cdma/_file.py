"""cdma.open(): a binary file object over the streaming API.

Writing feeds cdma_compress_stream and ends the frame on close(); reading
decodes any number of concatenated frames with bounded memory (one block per
thread), so files far larger than RAM stream through. Reading gives what
`cdma decompress` writes: each frame's file prefix (the header of a .npy file
the CLI compressed), then its content.

A file object may be shared between threads: every operation holds the
object's lock, as io.BufferedReader and io.BufferedWriter do, so calls are
serialized and the streaming context is never entered twice at once.
"""

import builtins
import io
import threading

import numpy as np

from . import _cdma, _dtypes
from ._info import FrameInfo, codec_id, make_error

_READ_CHUNK = 1 << 20  # compressed bytes read from the file per refill
# A frame header holds at most 24 fixed bytes, 1 MiB of metadata and a
# checksum (docs/format.md): input that does not parse by then is no header.
_MAX_HEADER = 2 << 20


def open(path, mode="rb", *, level=None, codec=None, threads=1, element_width=None,
         checksum=True, dtype=None, shape=None):  # noqa: A001
    """Open a cdma file for reading ("rb") or writing ("wb", "xb", "ab").

    `path` is a file name or an already open binary file object (which is not
    closed). Writing options are those of cdma.compress(). A stream has no
    dtype of its own: given `dtype` (and `shape`), the frame records them, the
    element width follows the dtype, and read_array() gives the array back;
    otherwise element_width defaults to 1 (pass 4 for float32 data).
    "ab" appends a new frame; readers decode concatenated frames as one stream.
    """
    return CdmaFile(path, mode, level=level, codec=codec, threads=threads,
                    element_width=element_width, checksum=checksum, dtype=dtype, shape=shape)


class CdmaFile(io.BufferedIOBase):
    """A binary file object over cdma's streaming API (returned by
    cdma.open, Compressor.stream_writer and Decompressor.stream_reader).
    Writing compresses into frames, ended on close() or flush_frame();
    reading decodes any number of concatenated frames with bounded memory.
    Safe to share between threads: every call holds the object's lock.
    size: the content size to pledge in a written frame's header; closefd:
    whether close() closes the file (default: only a file cdma opened)."""
    def __init__(self, path, mode="rb", *, level=None, codec=None, threads=1, element_width=None,
                 checksum=True, dtype=None, shape=None, size=None, closefd=None,
                 _prefixes=True):
        super().__init__()
        if mode not in ("r", "rb", "w", "wb", "x", "xb", "a", "ab"):
            raise ValueError("cdma.open: invalid mode %r" % (mode,))
        self._reading = mode[0] == "r"
        raw_mode = mode[0] + "b"
        # closefd: whether close() closes the file (default: only one cdma opened).
        if isinstance(path, (str, bytes)) or hasattr(path, "__fspath__"):
            self._fp = builtins.open(path, raw_mode)
            self._owns_fp = True if closefd is None else bool(closefd)
        else:
            self._fp = path
            self._owns_fp = bool(closefd)
        self.name = getattr(self._fp, "name", None)
        # Reentrant: close() runs flush() through io.BufferedIOBase.close.
        self._lock = threading.RLock()
        if self._reading:
            self._engine = _cdma.StreamDecompressor(threads)
            self._in = b""
            self._in_pos = 0
            self._eof = False
            self._prefixes = _prefixes  # False: content only (decompress_stream)
            self._in_frame = False  # a frame header was read and its end not reached
            self._frames = 0        # frames begun
            self._prefix = memoryview(b"")  # prefix bytes still to hand out
            self._frame_start = b""  # the current frame's header, for its final check
            self._first_header = None  # frame 1's header: read_array()'s dtype and shape
            self._frame_content = 0  # content bytes the current frame restored
        else:
            name, dims, width = _tensor_metadata(dtype, shape)
            self._engine = _cdma.StreamCompressor(element_width or width, level or 0,
                                                  codec_id(codec), threads, checksum,
                                                  name, dims)
            if size is not None:  # the frame's content size, pledged in its header
                self._engine.pledge(size)
        self._pos = 0  # bytes read or written

    # -- io.BufferedIOBase ---------------------------------------------------
    def readable(self):
        """True when opened for reading."""
        return self._reading

    def writable(self):
        """True when opened for writing."""
        return not self._reading

    def seekable(self):
        """False: a cdma stream is read and written in order."""
        return False

    def tell(self):
        """Uncompressed bytes read or written so far."""
        with self._lock:
            self._check_open()
            return self._pos

    def write(self, data):
        """Compresses `data` (any buffer); returns its length in bytes."""
        with self._lock:
            self._check_open()
            if self._reading:
                raise io.UnsupportedOperation("cdma file opened for reading")
            out = self._engine.compress(data, _cdma.E_CONTINUE)
            if out:
                self._fp.write(out)
            n = memoryview(data).nbytes
            self._pos += n
            return n

    def flush(self):
        """Flush the file object; the frame stays open (see flush_frame)."""
        with self._lock:
            self._check_open()
            if not self._reading:
                self._fp.flush()

    def flush_frame(self):
        """End the current frame so everything written so far is decodable
        from the file; later writes start a new frame."""
        with self._lock:
            self._check_open()
            self._fp.write(self._engine.compress(b"", _cdma.E_FLUSH))
            self._fp.flush()

    def readinto(self, b):
        """Decodes into the writable buffer `b`; returns the bytes written, 0 at the end."""
        with self._lock:
            self._check_open()
            if not self._reading:
                raise io.UnsupportedOperation("cdma file opened for writing")
            out = memoryview(b).cast("B")
            if not len(out):
                return 0
            n = self._readinto(out)
            self._pos += n
            return n

    def readinto1(self, b):
        """As readinto()."""
        return self.readinto(b)

    def read(self, size=-1):
        """Up to `size` decoded bytes (all of them for -1 or None)."""
        if size is None or size < 0:
            chunks = []
            while True:
                c = self.read(_READ_CHUNK * 4)
                if not c:
                    return b"".join(chunks)
                chunks.append(c)
        buf = bytearray(size)
        n = self.readinto(buf)
        del buf[n:]
        return bytes(buf)

    def read1(self, size=-1):
        """As read()."""
        return self.read(size)

    def close(self):
        """Ends the frame being written, then closes the file if cdma owns it."""
        with self._lock:
            if self.closed:
                return
            try:
                if not self._reading:
                    self._fp.write(self._engine.compress(b"", _cdma.E_END))
                super().close()  # flushes self._fp, which must still be open
            finally:
                if self._owns_fp:
                    self._fp.close()

    def read_array(self):
        """Reads the rest of the file and returns it as the array the first
        frame describes (dtype and shape given to open(), or those of a .npy
        file the CLI compressed, Fortran order included); a 1-D uint8 array
        when the frame records none. Call it before any read()."""
        from ._output import wrap
        with self._lock:
            self._check_open()
            if not self._reading:
                raise io.UnsupportedOperation("cdma file opened for writing")
            if self._frames:
                raise ValueError("read_array() reads a file from its start; "
                                 "read() was called before it")
            self._prefixes = False
            raw = bytearray(self.read())
            info = FrameInfo(frame_size=None, **_cdma.frame_info(self._first_header))
            if self._frames != 1:  # the metadata describes frame 1 only
                return np.frombuffer(raw, np.uint8)
            return wrap(raw, info._replace(content_size=len(raw)), self._first_header)

    # -- reading, with the lock held -----------------------------------------
    def _readinto(self, out):
        """Fills some of `out`; returns 0 only at the end of the stream."""
        while True:
            if len(self._prefix):
                n = min(len(out), len(self._prefix))
                out[:n] = self._prefix[:n]
                self._prefix = self._prefix[n:]
                return n
            if not self._in_frame:
                if not self._begin_frame():
                    return 0
                continue
            if self._in_pos == len(self._in) and not self._refill():
                # The file ended: one last call drains what the decoder holds.
                _, written, hint = self._engine.decompress(b"", 0, out)
                if not written and hint:
                    raise make_error("src_size_wrong", "the stream stops inside frame %d"
                                     % self._frames)
            else:
                pos, written, hint = self._engine.decompress(self._in, self._in_pos, out)
                if pos == self._in_pos and not written:
                    raise make_error("generic")  # no progress: never loop forever
                self._in_pos = pos
            self._frame_content += written
            if hint == 0:
                self._end_frame()
            if written:
                return written

    def _begin_frame(self):
        """Reads the next frame's header, checks its metadata and queues its
        file prefix. False at the end of the stream (between frames)."""
        if self._in_pos == len(self._in) and not self._refill():
            if self._frames == 0:
                raise make_error("src_size_wrong", "empty file, not a cdma frame")
            return False
        while True:
            head = memoryview(self._in)[self._in_pos:]
            try:
                info = _cdma.frame_info(head)
                break
            except _cdma.Error as e:
                if getattr(e, "name", None) != "src_size_wrong" or len(head) >= _MAX_HEADER:
                    raise
                if not self._read_more():
                    raise make_error("src_size_wrong", "the stream stops inside the header "
                                     "of frame %d" % (self._frames + 1)) from None
        self._frames += 1
        self._in_frame = True
        self._frame_content = 0
        self._frame_start = bytes(head[:info["header_size"]])
        if self._first_header is None:
            self._first_header = self._frame_start
        if self._prefixes and info["prefix_size"]:
            self._prefix = memoryview(_cdma.file_prefix(head))
        return True

    def _end_frame(self):
        """The frame is complete: its shape must describe what it restored
        (checked here when the header did not record the content size)."""
        self._in_frame = False
        _cdma.frame_info(self._frame_start, self._frame_content)

    def _refill(self):
        """Replaces the used-up input with the next chunk of the file."""
        if self._eof:
            return False
        self._in = self._fp.read(_READ_CHUNK)
        self._in_pos = 0
        if not self._in:
            self._eof = True
            return False
        return True

    def _read_more(self):
        """Appends a chunk of the file to the unused input (a header that
        spans chunks)."""
        if self._eof:
            return False
        more = self._fp.read(max(_READ_CHUNK, len(self._in) - self._in_pos))
        if not more:
            self._eof = True
            return False
        self._in = self._in[self._in_pos:] + more
        self._in_pos = 0
        return True

    def _check_open(self):
        if self.closed:
            raise ValueError("I/O operation on closed cdma file")


def _tensor_metadata(dtype, shape):
    """(dtype name, dims, element width) that open(..., dtype=, shape=)
    records; (None, None, 1) when neither is given."""
    if dtype is None:
        if shape is not None:
            raise ValueError("cdma.open: shape= needs dtype= as well")
        return None, None, 1
    dt = np.dtype(dtype)
    name = _dtypes.name_of(dt)
    if name is None or dt.fields is not None or dt.subdtype is not None:
        raise TypeError("cdma.open: dtype %s cannot be recorded in a frame" % (dt,))
    dims = None if shape is None else [int(d) for d in shape]
    if dims is not None and any(d < 0 for d in dims):
        raise ValueError("cdma.open: shape %r has a negative dimension" % (tuple(shape),))
    return name, dims, _dtypes.element_width(dt)


def decompress_stream(data, threads=1, limit=None):
    """Decode every frame in `data` (a buffer) to a bytearray of their
    content, without file prefixes, with the streaming decoder: for
    concatenated frames and frames of unknown content size. Raises cdma.Error
    (memory_limit_exceeded) once the content passes `limit` bytes."""
    f = CdmaFile(io.BytesIO(data), "rb", threads=threads, _prefixes=False)
    out = bytearray()
    while True:
        chunk = f.read(_READ_CHUNK * 4)
        if not chunk:
            return out
        out += chunk
        if limit is not None and len(out) > limit:
            raise make_error("memory_limit_exceeded",
                             "the frames hold more than max_output_size=%d bytes; "
                             "pass a larger max_output_size to decode them" % limit)

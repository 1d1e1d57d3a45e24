"""cdma.open(): a binary file object over the streaming API.

Writing feeds cdma_compress_stream and ends the frame on close(); reading
decodes any number of concatenated frames with bounded memory (one block per
thread), so files far larger than RAM stream through.
"""

import builtins
import io

from . import _cdma
from ._info import codec_id, make_error

_READ_CHUNK = 1 << 20  # compressed bytes read from the file per refill


def open(path, mode="rb", *, level=None, codec=None, threads=1, element_width=1,
         checksum=True):  # noqa: A001
    """Open a cdma file for reading ("rb") or writing ("wb", "xb", "ab").

    `path` is a file name or an already open binary file object (which is not
    closed). Writing options are those of cdma.compress(); element_width
    defaults to 1 because a stream has no dtype (pass 4 for float32 data).
    "ab" appends a new frame; readers decode concatenated frames as one stream.
    """
    return CdmaFile(path, mode, level=level, codec=codec, threads=threads,
                    element_width=element_width, checksum=checksum)


class CdmaFile(io.BufferedIOBase):
    def __init__(self, path, mode="rb", *, level=None, codec=None, threads=1, element_width=1,
                 checksum=True):
        super().__init__()
        if mode not in ("r", "rb", "w", "wb", "x", "xb", "a", "ab"):
            raise ValueError("cdma.open: invalid mode %r" % (mode,))
        self._reading = mode[0] == "r"
        raw_mode = mode[0] + "b"
        if isinstance(path, (str, bytes)) or hasattr(path, "__fspath__"):
            self._fp = builtins.open(path, raw_mode)
            self._owns_fp = True
        else:
            self._fp = path
            self._owns_fp = False
        self.name = getattr(self._fp, "name", None)
        if self._reading:
            self._engine = _cdma.StreamDecompressor(threads)
            self._in = b""
            self._in_pos = 0
            self._hint = 0        # 0: between frames, where the stream may end
            self._eof = False
        else:
            self._engine = _cdma.StreamCompressor(element_width, level or 0, codec_id(codec),
                                                  threads, checksum)
        self._pos = 0  # uncompressed bytes read or written

    # -- io.BufferedIOBase ---------------------------------------------------
    def readable(self):
        return self._reading

    def writable(self):
        return not self._reading

    def seekable(self):
        return False

    def tell(self):
        self._check_open()
        return self._pos

    def write(self, data):
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
        self._check_open()
        if not self._reading:
            self._fp.flush()

    def flush_frame(self):
        """End the current frame so everything written so far is decodable
        from the file; later writes start a new frame."""
        self._check_open()
        self._fp.write(self._engine.compress(b"", _cdma.E_FLUSH))
        self._fp.flush()

    def readinto(self, b):
        self._check_open()
        if not self._reading:
            raise io.UnsupportedOperation("cdma file opened for writing")
        out = memoryview(b).cast("B")
        if not len(out):
            return 0
        while True:
            if self._in_pos == len(self._in) and not self._refill():
                break
            pos, written, self._hint = self._engine.decompress(self._in, self._in_pos, out)
            if pos == self._in_pos and not written:  # no progress: never loop forever
                raise make_error(1)  # generic
            self._in_pos = pos
            if written:
                self._pos += written
                return written
        # Input ended: that is only fine between frames. One last call drains
        # what the decoder still holds.
        pos, written, self._hint = self._engine.decompress(b"", 0, out)
        self._pos += written
        if written:
            return written
        if self._hint != 0:
            raise make_error(20)  # src_size_wrong: the stream stops inside a frame
        return 0

    def readinto1(self, b):
        return self.readinto(b)

    def read(self, size=-1):
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
        return self.read(size)

    def close(self):
        if self.closed:
            return
        try:
            if not self._reading:
                self._fp.write(self._engine.compress(b"", _cdma.E_END))
            super().close()  # flushes self._fp, which must still be open
        finally:
            if self._owns_fp:
                self._fp.close()

    # -- helpers -------------------------------------------------------------
    def _refill(self):
        if self._eof:
            return False
        self._in = self._fp.read(_READ_CHUNK)
        self._in_pos = 0
        if not self._in:
            self._eof = True
            return False
        return True

    def _check_open(self):
        if self.closed:
            raise ValueError("I/O operation on closed cdma file")




def decompress_stream(data, threads=1):
    """Decode every frame in `data` (a buffer) to bytes, with the streaming
    decoder: for concatenated frames and frames of unknown content size."""
    f = CdmaFile(io.BytesIO(data), "rb", threads=threads)
    return f.read()

"""Compressor and Decompressor: python-zstandard's shapes and names over cdma.

    c = cdma.Compressor(level=3, element_width=4)
    frame = c.compress(data)                      # one frame, as cdma.compress
    obj = c.compressobj(size=len(data))           # incremental, any chunking
    frame = obj.compress(part1) + obj.compress(part2) + obj.flush()
    with c.stream_writer(open("x.cdma", "wb")) as w:
        w.write(data)
    d = cdma.Decompressor(max_output_size=1 << 30)
    data = d.decompress(frame)
    for chunk in d.read_to_iter(open("x.cdma", "rb")):
        ...

Incremental compression gives the bytes of the one-shot call when it is told
the size (compressobj(size=n), stream_writer(fh, size=n), as python-zstandard
records the content size only then); without it the frame says "size
unknown" in its header and is otherwise the same, for every chunking.
"""

import io

from . import _cdma
from ._file import CdmaFile, decompress_stream
from ._info import codec_id, make_error
from ._output import UNLIMITED, output_limit

COMPRESSOBJ_FLUSH_FINISH = 0  # end the frame (python-zstandard's default)
COMPRESSOBJ_FLUSH_BLOCK = 1   # end the frame; later data starts a new one

_READ_SIZE = 1 << 20
_WRITE_SIZE = 1 << 20


def _check_size(size):
    if size is None or size == -1:
        return None
    if isinstance(size, bool) or not isinstance(size, int) or size < 0:
        raise ValueError("size must be a non-negative int, or -1 for unknown")
    return size


class Compressor:
    """Compresses with fixed parameters; reusable, not shared between threads.

    level: 1 (fastest) .. 9 (best ratio), None for the default.
    threads: threads coding blocks (0 = all cores); the output is the same.
    checksum: write the content checksum (default True).
    element_width: bytes per element for zero-value coding (1, 2, 4, 8);
        None takes it from a NumPy array's dtype, else 1.
    codec: as in cdma.compress ("auto" by default).
    """

    def __init__(self, level=None, threads=1, checksum=True, element_width=None, codec=None):
        self.level = level
        self.threads = threads
        self.checksum = checksum
        self.element_width = element_width
        self.codec = codec

    def _engine(self, size=None):
        engine = _cdma.StreamCompressor(self.element_width or 1, self.level or 0,
                                        codec_id(self.codec), self.threads, self.checksum)
        if size is not None:
            engine.pledge(size)
        return engine

    def compress(self, data):
        """One frame holding `data` (arrays keep dtype and shape, as in
        cdma.compress)."""
        from . import compress
        return compress(data, level=self.level, codec=self.codec, threads=self.threads,
                        element_width=self.element_width, checksum=self.checksum)

    def compressobj(self, size=-1):
        """An incremental compressor: .compress(data) returns the frame bytes
        ready so far, .flush() ends the frame and returns the rest."""
        return CompressionObj(self._engine(_check_size(size)))

    def stream_writer(self, writer, size=-1, closefd=True):
        """A writable file object that compresses into `writer`; closing it
        ends the frame (and closes `writer` when closefd)."""
        return CdmaFile(writer, "wb", level=self.level, codec=self.codec, threads=self.threads,
                        element_width=self.element_width or 1, checksum=self.checksum,
                        size=_check_size(size), closefd=closefd)

    def copy_stream(self, ifh, ofh, size=-1, read_size=_READ_SIZE, write_size=_WRITE_SIZE):
        """Compresses everything `ifh.read()` gives into one frame written to
        `ofh`. Returns (bytes read, bytes written)."""
        del write_size  # output is written as the engine produces it
        obj = self.compressobj(size)
        read, written = _pump(ifh, ofh, read_size, lambda chunk: [obj.compress(chunk)])
        return read, written + _write_all(ofh, obj.flush())


class CompressionObj:
    """Returned by Compressor.compressobj(); zlib's compressobj shape."""

    def __init__(self, engine):
        self._engine = engine
        self._finished = False

    def compress(self, data):
        """Feeds `data`; returns the frame bytes that are ready (often b"")."""
        if self._finished:
            raise ValueError("cannot call compress() after the frame was flushed")
        return self._engine.compress(data, _cdma.E_CONTINUE)

    def flush(self, flush_mode=COMPRESSOBJ_FLUSH_FINISH):
        """Ends the frame and returns the rest of it (FLUSH_BLOCK: later data
        starts a new frame)."""
        if self._finished:
            raise ValueError("the frame was already flushed")
        if flush_mode == COMPRESSOBJ_FLUSH_FINISH:
            self._finished = True
            return self._engine.compress(b"", _cdma.E_END)
        if flush_mode == COMPRESSOBJ_FLUSH_BLOCK:
            return self._engine.compress(b"", _cdma.E_FLUSH)
        raise ValueError("flush_mode must be COMPRESSOBJ_FLUSH_FINISH or COMPRESSOBJ_FLUSH_BLOCK")


class Decompressor:
    """Decompresses cdma frames (concatenated frames decode as one stream).

    threads: threads decoding blocks (0 = all cores).
    max_output_size: the most bytes decompress() may produce: None (the
        default) for cdma.decompress's bound (the larger of 1 GiB and 1024
        times the input), 0 for no limit, or a byte count. The incremental
        and streaming paths, whose memory follows what they hand out, apply
        only an explicit limit, to the total they produce.
    """

    def __init__(self, threads=1, max_output_size=None):
        output_limit(max_output_size, 0)  # validates
        self.threads = threads
        self.max_output_size = max_output_size

    def _stream_limit(self):
        return 0 if self.max_output_size is None else self.max_output_size

    def decompress(self, data):
        """All frames in `data`, decoded, as bytes. Each frame's tensor
        metadata is checked as cdma.decompress checks it."""
        limit = output_limit(self.max_output_size, memoryview(data).nbytes)
        return bytes(decompress_stream(data, self.threads, None if limit == UNLIMITED else limit))

    def decompressobj(self):
        """An incremental decompressor: .decompress(data) returns what the
        data so far decodes to; .eof tells whether the last frame is whole."""
        return DecompressionObj(self.threads, self._stream_limit())

    def stream_reader(self, source, closefd=True):
        """A readable file object that decodes `source` (a binary file
        object) as it is read."""
        return CdmaFile(source, "rb", threads=self.threads, closefd=closefd)

    def read_to_iter(self, reader, read_size=_READ_SIZE, write_size=_WRITE_SIZE):
        """Yields decoded chunks of at most `write_size` bytes while reading
        `reader` (a file object or a buffer) `read_size` bytes at a time."""
        if not hasattr(reader, "read"):
            reader = io.BytesIO(memoryview(reader))
        obj = DecompressionObj(self.threads, self._stream_limit(), write_size)
        while True:
            chunk = reader.read(read_size)
            if not chunk:
                break
            yield from obj._chunks(chunk)
        if not obj.eof:
            raise make_error("src_size_wrong")

    def copy_stream(self, ifh, ofh, read_size=_READ_SIZE, write_size=_WRITE_SIZE):
        """Decodes everything `ifh.read()` gives into `ofh`. Returns
        (compressed bytes read, bytes written)."""
        obj = DecompressionObj(self.threads, self._stream_limit(), write_size)
        read, written = _pump(ifh, ofh, read_size, obj._chunks)
        if not obj.eof:
            raise make_error("src_size_wrong")
        return read, written


class DecompressionObj:
    """Returned by Decompressor.decompressobj(); zlib's decompressobj shape.
    Memory is bounded by the output, never by what a header claims."""

    def __init__(self, threads, max_output_size, write_size=_WRITE_SIZE):
        self._engine = _cdma.StreamDecompressor(threads)
        self._limit = max_output_size
        self._room = bytearray(write_size)  # reused: each chunk is copied out of it
        self._produced = 0
        self._hint = 0

    @property
    def eof(self):
        """True when every frame begun so far is complete."""
        return self._hint == 0

    def decompress(self, data):
        """Feeds compressed `data`; returns what it decodes to."""
        return b"".join(self._chunks(data))

    def flush(self, length=0):
        """b"": decoded bytes are always returned by decompress()."""
        del length
        return b""

    def _chunks(self, data):
        data = bytes(data) if not isinstance(data, (bytes, bytearray)) else data
        room = memoryview(self._room)
        pos = 0
        while True:
            new_pos, written, self._hint = self._engine.decompress(data, pos, room)
            if new_pos == pos and not written:
                return
            pos = new_pos
            if written:
                self._produced += written
                if self._limit and self._produced > self._limit:
                    raise _too_large(self._limit)
                yield bytes(room[:written])


def _too_large(limit):
    e = make_error("dst_too_small")
    e.args = ("the output exceeds max_output_size=%d bytes (raise the limit, or 0 for none)"
              % limit,)
    return e


def _pump(ifh, ofh, read_size, transform):
    """Reads ifh to its end, writes transform(chunk)'s pieces to ofh.
    Returns (bytes read, bytes written)."""
    read = written = 0
    while True:
        chunk = ifh.read(read_size)
        if not chunk:
            return read, written
        read += len(chunk)
        for piece in transform(chunk):
            written += _write_all(ofh, piece)


def _write_all(fh, data):
    if data:
        fh.write(data)
    return len(data)

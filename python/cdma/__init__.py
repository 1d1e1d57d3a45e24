"""cdma: lossless compression for sparse tensors (ReLU activations and the like).

    import cdma, numpy as np
    frame = cdma.compress(acts)            # bytes; dtype and shape travel along
    back = cdma.decompress(frame)          # numpy.ndarray, same dtype and shape
    cdma.frame_info(frame).ratio

    with cdma.open("acts.cdma", "wb") as f:   # streaming, file-like
        f.write(chunk)

    with cdma.load("model.safetensors.cdma") as t:   # or "arrays.npz.cdma"
        w = t["layer.0.weight"]            # lazy: one tensor decoded per access

The library does the work with the GIL released, so threads calling it run in
parallel. Every failure of the library raises cdma.Error, whose .name is the
error's identifier ("corruption_detected", "checksum_wrong", ...).

PyTorch users: cdma.torch.offload() compresses the activations autograd saves
for the backward pass, exactly (see cdma/torch/__init__.py).
"""

import numpy as _np

from . import _cdma, _dtypes, _output
from ._cdma import Error
from ._container import Container, load
from ._file import CdmaFile, open  # noqa: A001 - mirrors gzip.open / lzma.open
from ._info import CODECS, FrameInfo, codec_id
from ._info import make_error as _make_error
from ._objects import (COMPRESSOBJ_FLUSH_BLOCK, COMPRESSOBJ_FLUSH_FINISH, CompressionObj,
                       Compressor, DecompressionObj, Decompressor)

__all__ = ["Container", "Error", "load", "compress", "decompress", "decompress_into", "decompress_range", "frame_info", "open",
           "CdmaFile", "FrameInfo", "CODECS", "__version__",
           "Compressor", "Decompressor", "CompressionObj", "DecompressionObj",
           "COMPRESSOBJ_FLUSH_FINISH", "COMPRESSOBJ_FLUSH_BLOCK"]

__version__ = _cdma.version


def _as_array_source(obj):
    """(contiguous bytes view, dtype name, shape, element width) for obj."""
    if type(obj).__module__ == "torch" and type(obj).__name__ in ("Tensor", "Parameter"):
        from .torch.tensors import _tensor_source  # lazily: torch is optional
        return _tensor_source(obj)
    if not isinstance(obj, _np.ndarray):
        if isinstance(obj, (bytes, bytearray)):
            return obj, None, None, 1
        view = memoryview(obj)
        if view.format in ("B", "b", "c") and view.ndim <= 1:
            # plain bytes: no dtype to record; non-contiguous views are copied
            return (view if view.c_contiguous else view.tobytes()), None, None, 1
        obj = _np.asarray(view)  # typed buffers become arrays, without a copy
    arr = obj if obj.flags.c_contiguous else _np.ascontiguousarray(obj)
    name = _dtypes.name_of(arr.dtype)
    if name is None or arr.dtype.fields is not None or arr.dtype.subdtype is not None:
        raise TypeError("cdma.compress: dtype %s cannot be recorded in a frame; "
                        "compress arr.view(numpy.uint8) instead" % (arr.dtype,))
    # A uint8 view of the same memory: no copy, and any buffer exporter works
    # (ml_dtypes arrays included). reshape(-1) also covers 0-d arrays.
    raw = arr.reshape(-1).view(_np.uint8)
    return raw, name, tuple(int(d) for d in arr.shape), _dtypes.element_width(arr.dtype)


def compress(obj, level=None, codec=None, threads=1, *, element_width=None, checksum=True):
    """Compress `obj` into one cdma frame and return it as bytes.

    obj: a NumPy array (its dtype and shape are recorded so decompress()
        gives the same array back), a torch tensor (likewise; copied to the
        host first if it lives on a GPU), bytes, bytearray, memoryview or any
        object with the buffer protocol. C-contiguous inputs are read in place,
        without a copy; NON-CONTIGUOUS ARRAYS ARE COMPRESSED AS THEIR C-ORDER
        COPY (decompress() returns a C-contiguous array; .npy files the CLI
        compressed keep their order).
    level: 1 (fastest, plain ZVC) .. 9 (best ratio); None for the default.
    codec: "auto" (None), "zvc", "split", "zrle", "zstd", "lz4", "store", or an id.
    threads: threads coding blocks, 0 for all cores; the output is the same.
    element_width: bytes per element for ZVC (1, 2, 4, 8); default from the
        dtype, 1 for plain bytes.
    checksum: write the XXH3-64 content checksum (default True).
    """
    src, name, shape, width = _as_array_source(obj)
    return _cdma.compress(src, element_width or width, level or 0, codec_id(codec), threads,
                          checksum, name, shape)


def frame_info(data):
    """Parse the header of the frame at the start of `data` (no decoding).
    Returns a FrameInfo; raises cdma.Error for anything that is not a frame,
    and for a frame whose dtype, shape and file prefix disagree with one
    another or with its content size (metadata_invalid)."""
    d = _cdma.frame_info(data)
    return FrameInfo(frame_size=_frame_size_or_none(data), **d)


def _frame_size_or_none(data):
    try:
        return _cdma.frame_size(data)
    except Error:
        return None


def decompress(data, *, threads=1, max_output_size=None):
    """Decode cdma frame(s) in `data` (bytes or any buffer) to a numpy.ndarray.

    A frame written from a NumPy array or torch tensor comes back with its
    dtype and shape (bfloat16/fp8 as ml_dtypes types when ml_dtypes is
    installed, else as uint16/uint8 bit patterns); a .npy file compressed by
    the CLI as numpy.load reads it (a Fortran-order one as an F-ordered
    array). Anything else, and concatenated frames, come back as a 1-D uint8
    array.
    threads: threads decoding blocks (0 = all cores).
    max_output_size: the most bytes of content to decode; a frame holding
        more raises cdma.Error (memory_limit_exceeded) before anything is
        allocated. The default (None) allows the larger of 1 GiB and 1024
        times the size of `data`: highly compressible tensors beyond that (a
        large all-zero array) need it raised explicitly; 0 means no limit,
        as in python-zstandard.
    Raises cdma.Error on any damage; the frame is validated before use.
    """
    limit = _output.output_limit(max_output_size, memoryview(data).nbytes)
    d = _cdma.frame_info(data)
    size = _cdma.frame_size(data)  # walks the blocks before anything is allocated
    single = size == memoryview(data).nbytes
    info = FrameInfo(frame_size=size, **d)
    if single and info.content_size is not None:
        _output.check_size(info.content_size, limit)
        out = _output.empty_array(info, data)
        if out is None:
            out = _np.empty(info.content_size, _np.uint8)
        _cdma.decompress_into(data, _output.storage_bytes(out), threads)
        return out
    from ._file import decompress_stream  # concatenated frames, unknown size
    raw = decompress_stream(data, threads, limit)
    if single:  # its metadata was checked against the decoded size
        return _output.wrap(raw, info._replace(content_size=len(raw)), data)
    return _np.frombuffer(raw, _np.uint8)


def decompress_range(data, offset, length, *, threads=1, max_output_size=None):
    """Content bytes [offset, offset + length) of the single frame `data`, as
    bytes, decoding only the blocks that overlap them (C: cdma_decompress_range).
    The seek table's block checksums are verified when the frame has them; the
    content checksum, which covers the whole content, is not.
    Raises cdma.Error (parameter_out_of_bound) for a range past the content;
    max_output_size bounds `length` as in decompress()."""
    for name, value in (("offset", offset), ("length", length)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError("cdma.decompress_range: %s must be an int >= 0, not %r"
                             % (name, value))
    info = frame_info(data)
    end = offset + length
    if info.content_size is not None and end > info.content_size:
        raise _make_error("parameter_out_of_bound",
                          "range [%d, %d) is past the frame's %d bytes of content"
                          % (offset, end, info.content_size))
    _output.check_size(length, _output.output_limit(max_output_size, memoryview(data).nbytes))
    return _cdma.decompress_range(data, offset, length, threads)


def decompress_into(data, out, *, threads=1):
    """Decode the single frame `data` into `out`, a writable contiguous
    buffer (NumPy array, bytearray, ...) of at least the content size, with
    no intermediate copy. Returns the number of bytes written. The content
    goes in storage order: a multi-dimensional NumPy `out` must be
    C-contiguous, or F-contiguous when the frame holds a Fortran-order array
    (frame_info(data).fortran_order)."""
    fortran_order = _cdma.frame_info(data)["fortran_order"]  # checks the metadata too
    if isinstance(out, _np.ndarray):
        if not out.flags.writeable:
            raise ValueError("cdma.decompress_into: out must be writable")
        _output.check_order(fortran_order, out)
        out = _output.storage_bytes(out)
    return _cdma.decompress_into(data, out, threads)

"""Turning a frame's content into an array: the dtype, shape and memory order
its metadata describe, and the bound on what a frame may make us allocate.

The metadata has been checked for consistency by _cdma.frame_info (the CLI's
rule, lib/tensorio/frame_tensor.hpp) before anything here runs.
"""

import io

import numpy as np

from . import _cdma, _dtypes
from ._info import make_error


# The default max_output_size: at least the streaming decoder's default
# memory limit (CDMA_DP_MEMORY_LIMIT, 1 GiB), more for larger frames. ZVC
# rarely passes 100x on real activations; only near-constant data (an
# all-zero block is 12 bytes for 16 MiB) goes past 1024x, and a frame that
# claims that much from little input is what a decompression bomb looks like.
_DEFAULT_MIN = 1 << 30
UNLIMITED = 1 << 64  # max_output_size=0, python-zstandard's "no limit"
_DEFAULT_RATIO = 1024


def output_limit(max_output_size, frame_bytes):
    """The content bound for decoding `frame_bytes` of frames."""
    if max_output_size is None:
        return max(_DEFAULT_MIN, _DEFAULT_RATIO * frame_bytes)
    if isinstance(max_output_size, bool) or not isinstance(max_output_size, int) \
            or max_output_size < 0:
        raise ValueError("max_output_size must be an int >= 0 (bytes; 0: no limit), or None "
                         "for the default bound; got %r" % (max_output_size,))
    return max_output_size or UNLIMITED


def check_size(content_size, limit):
    """Raises cdma.Error (memory_limit_exceeded) for content over `limit`."""
    if content_size > limit:
        raise make_error("memory_limit_exceeded",
                         "the frame holds %d bytes of content, more than max_output_size=%d; "
                         "pass max_output_size=%d (or more) to decode it"
                         % (content_size, limit, content_size))


def npy_header(prefix):
    """(shape, fortran_order, dtype, size) of the .npy header at the start of
    `prefix`, read by NumPy itself; size: its bytes, padding included."""
    fmt = np.lib.format
    f = io.BytesIO(prefix)
    try:
        version = fmt.read_magic(f)
        if version == (1, 0):
            return (*fmt.read_array_header_1_0(f), f.tell())
        # 3.0 is 2.0 in UTF-8, which only the private reader decodes.
        read = getattr(fmt, "_read_array_header", None)
        return (*(read(f, version) if read else fmt.read_array_header_2_0(f)), f.tell())
    except (ValueError, TypeError, SyntaxError, UnicodeDecodeError) as e:
        raise make_error("metadata_invalid", "the .npy header in the frame: %s" % e) from None


def _layout(info, data):
    """(dtype, shape) of the array the frame holds, or None when it records
    none (its content is plain bytes)."""
    dtype = shape = None
    if info.dtype is not None:
        dtype = _dtypes.dtype_of(info.dtype)
        if dtype is None:
            raise make_error("metadata_invalid", "dtype %r has no NumPy type here" % info.dtype)
    if info.shape is not None:
        shape = info.shape
    if (dtype is None or shape is None) and info.prefix_size:
        prefix = _cdma.file_prefix(data)
        if prefix.startswith(b"\x93NUMPY"):  # checked to be a whole .npy header
            npy_shape, _, npy_dtype, _ = npy_header(prefix)
            shape = npy_shape if shape is None else shape
            dtype = npy_dtype if dtype is None else dtype
    if dtype is None or shape is None:
        return None
    if dtype.hasobject:
        raise make_error("metadata_invalid", "dtype %s holds Python objects" % dtype)
    count = 1
    for n in shape:
        count *= n
    if count * dtype.itemsize != info.content_size:
        raise make_error("metadata_invalid", "shape %s of %s needs %d bytes but the frame holds %d"
                         % (shape, dtype, count * dtype.itemsize, info.content_size))
    return dtype, tuple(shape)


def _order(info):
    return "F" if info.fortran_order else "C"


def empty_array(info, data):
    """An empty array of the frame's dtype, shape and order, or None when
    the frame describes no array."""
    layout = _layout(info, data)
    if layout is None:
        return None
    return np.empty(layout[1], layout[0], order=_order(info))


def wrap(raw, info, data):
    """The decoded content `raw` (a bytearray) as the frame's array, without
    a copy; a 1-D uint8 array when the frame describes none."""
    layout = _layout(info, data)
    flat = np.frombuffer(raw, np.uint8)
    if layout is None:
        return flat
    return flat.view(layout[0]).reshape(layout[1], order=_order(info))


def storage_bytes(arr):
    """A flat uint8 view of a contiguous array's memory, in storage order."""
    if arr.flags.c_contiguous:
        return arr.reshape(-1).view(np.uint8)
    if arr.flags.f_contiguous:
        return arr.reshape(-1, order="F").view(np.uint8)  # a view: F order is its memory order
    raise ValueError("cdma.decompress_into: out must be contiguous")


def check_order(fortran_order, out):
    """Raises ValueError unless `out` (an ndarray) is laid out in the
    frame's storage order, so that the bytes land on the right elements."""
    if fortran_order and not out.flags.f_contiguous:
        raise ValueError("cdma.decompress_into: the frame holds a Fortran-order array; out must "
                         "be F-contiguous (numpy.empty(shape, dtype, order='F')) or 1-D")
    if not fortran_order and not out.flags.c_contiguous:
        raise ValueError("cdma.decompress_into: out must be C-contiguous (or 1-D)")

"""Whole tensors through cdma frames: cdma.torch.compress / decompress, and
the conversion cdma.compress() uses when given a tensor."""

import torch

import cdma
from cdma import _cdma, _output
from cdma._info import FrameInfo, make_error
from . import _layout


def _host_contiguous(t):
    """`t` itself when it is a C-contiguous host tensor, else such a copy."""
    t = t.detach()
    if t.device.type != "cpu":
        t = t.cpu()
    return t.resolve_conj().resolve_neg().contiguous()


def _tensor_source(t):
    """(uint8 view, dtype name, shape, element width) for cdma.compress()."""
    if not _layout.supported(t.resolve_conj().resolve_neg()):
        raise TypeError("cdma.compress: unsupported tensor (dtype %s, layout %s)"
                        % (t.dtype, t.layout))
    c = _host_contiguous(t)
    return (_layout.as_bytes(c.view(-1)), _layout.DTYPE_NAMES[c.dtype], tuple(c.shape),
            _layout.element_width(c.dtype))


def compress(t, level=None, codec=None, threads=1):
    """Compress a tensor to a frame (bytes) recording its dtype and shape.
    Non-contiguous tensors are compressed as their C-order copy."""
    return cdma.compress(t, level=level, codec=codec, threads=threads)


def decompress(data, device="cpu", threads=1, *, max_output_size=None):
    """Decode a frame written by compress() (or by cdma.compress from an
    array of a dtype torch has, or a .npy file the CLI compressed) into a new
    C-contiguous tensor with the frame's logical values: a Fortran-order
    array is transposed into C order. max_output_size as for
    cdma.decompress."""
    # The header is parsed once, here (raising cdma.Error for inconsistent
    # metadata); the frame's size is not needed, so its blocks are not walked.
    info = FrameInfo(frame_size=None, **_cdma.frame_info(data))
    if info.dtype not in _layout.NAME_DTYPES or info.shape is None:
        raise TypeError("cdma.torch.decompress: frame records dtype %r, shape %r"
                        % (info.dtype, info.shape))
    dtype = _layout.NAME_DTYPES[info.dtype]
    need = _layout.itemsize(dtype)
    for n in info.shape:
        need *= n
    _output.check_size(need, _output.output_limit(max_output_size, memoryview(data).nbytes))
    # A Fortran-order array's bytes are the C-order bytes of its transpose.
    storage_shape = info.shape[::-1] if info.fortran_order else info.shape
    out = torch.empty(storage_shape, dtype=dtype)
    written = _cdma.decompress_into(data, _layout.as_bytes(out.view(-1)), threads)
    if written != need:
        raise make_error("metadata_invalid")  # the shape does not hold the content
    if info.fortran_order:
        out = out.permute(*reversed(range(out.dim()))).contiguous()
    return out if str(device) == "cpu" else out.to(device)

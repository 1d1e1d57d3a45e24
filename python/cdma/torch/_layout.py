"""How a tensor's memory is captured and rebuilt, strides included.

A strided tensor reads elements of one storage between its first and last
element: the *span*. When the span holds no more elements than the tensor
(contiguous, permuted such as channels-last, or overlapping such as expanded
views), compressing the span and rebuilding the view with as_strided restores
the exact shape, strides and bytes, and never holds more than the original
view pinned. A tensor with gaps is compressed as its C-order copy and rebuilt
with empty_strided + copy_, which gives the same strides.
"""

import torch

# torch dtype -> cdma dtype name (those of docs/tensor-inputs.md).
DTYPE_NAMES = {
    torch.float64: "f64", torch.float32: "f32", torch.float16: "f16", torch.bfloat16: "bf16",
    torch.int8: "i8", torch.uint8: "u8", torch.int16: "i16", torch.int32: "i32",
    torch.int64: "i64", torch.bool: "bool", torch.complex64: "c64", torch.complex128: "c128",
}
NAME_DTYPES = {v: k for k, v in DTYPE_NAMES.items()}

SPAN = "span"  # the storage span, rebuilt with as_strided
COPY = "copy"  # a C-order copy, rebuilt with empty_strided + copy_


def supported(t):
    """Strided tensors of a plain dtype, without lazy conj/neg bits."""
    return (t.layout == torch.strided and t.dtype in DTYPE_NAMES and not t.is_quantized
            and not t.is_conj() and not t.is_neg())


def itemsize(dtype):
    """Bytes per element of `dtype` (torch 1.13 has no dtype.itemsize)."""
    return torch.empty((), dtype=dtype).element_size()


def element_width(dtype):
    """ZVC element width: one real component for complex types."""
    size = itemsize(dtype)
    return size // 2 if dtype.is_complex else size


def offload_width(dtype):
    """The width offload() codes with. Integer tensors autograd saves are
    mostly indices (max-pool argmax, embedding ids, targets): small values
    whose high bytes are zero, so ZVC over bytes removes them where ZVC over
    whole int64 elements finds no zeros at all."""
    if dtype.is_floating_point or dtype.is_complex:
        return element_width(dtype)
    return 1


def span_elements(t):
    """Elements from the first to the last one `t` reads (0 when empty)."""
    if t.numel() == 0:
        return 0
    return 1 + sum((n - 1) * s for n, s in zip(t.shape, t.stride()))


def _non_overlapping(t):
    dims = sorted((s, n) for n, s in zip(t.shape, t.stride()) if n > 1)
    reach = 1
    for s, n in dims:
        if s < reach:
            return False
        reach = s * n
    return True


def capture(t):
    """(kind, 1-D contiguous tensor holding the bytes to compress), or None
    when the layout cannot be rebuilt exactly (keep the tensor as it is)."""
    span = span_elements(t)
    if span <= t.numel():
        return SPAN, t.as_strided((span,), (1,), t.storage_offset())
    if _non_overlapping(t):
        return COPY, t.contiguous().view(-1)
    return None


def unaliased(flat):
    """The memory of the 1-D contiguous `flat` as a tensor that is not a view
    of it: holding it keeps the storage alive, not the tensor it was taken
    from (a view would keep that tensor, and so its Python object, alive)."""
    out = torch.empty(0, dtype=flat.dtype, device=flat.device)
    return out.set_(flat.storage(), flat.storage_offset(), (flat.numel(),), (1,))


def rebuild(kind, flat, shape, stride):
    """The tensor of `shape` and `stride` whose bytes were captured as `flat`."""
    if kind == SPAN:
        return flat.as_strided(shape, stride, 0)
    out = torch.empty_strided(shape, stride, dtype=flat.dtype, device=flat.device)
    out.copy_(flat.view(shape))
    return out


def as_bytes(flat):
    """A uint8 NumPy view of a 1-D contiguous CPU tensor (no copy)."""
    return flat.detach().view(torch.uint8).numpy()

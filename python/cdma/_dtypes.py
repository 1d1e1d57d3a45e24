"""NumPy dtypes <-> the dtype names cdma records in a frame.

The names are those of the CLI and docs/tensor-inputs.md ("f32", "bf16", ...),
so a frame written from Python reads the same in `cdma info`. Types without a
cdma name (complex, datetime, strings, big-endian, ...) are recorded as
"npy:" + NumPy's dtype string when that fits in the 15 characters a frame
allows, so they round-trip through Python too.
"""

import numpy as np

try:  # bfloat16 and fp8 as real dtypes, when the optional package is there
    import ml_dtypes
except ImportError:  # pragma: no cover - depends on the machine
    ml_dtypes = None

MAX_DTYPE = 15  # CDMA_MAX_DTYPE

_PLAIN = {
    "f64": "<f8", "f32": "<f4", "f16": "<f2",
    "i8": "|i1", "u8": "|u1", "i16": "<i2", "u16": "<u2",
    "i32": "<i4", "u32": "<u4", "i64": "<i8", "u64": "<u8",
    "bool": "|b1", "c64": "<c8", "c128": "<c16",
}
_BY_STR = {np.dtype(v).str: k for k, v in _PLAIN.items()}

# Types NumPy itself lacks: name -> (ml_dtypes attribute, storage dtype
# returned when ml_dtypes is missing: the raw bits).
_EXTENDED = {
    "bf16": ("bfloat16", "<u2"),
    "f8e4m3": ("float8_e4m3fn", "|u1"),
    "f8e5m2": ("float8_e5m2", "|u1"),
}


def name_of(dtype):
    """The cdma name for a NumPy dtype, or None when it cannot be recorded."""
    dtype = np.dtype(dtype)
    if ml_dtypes is not None:
        for name, (attr, _) in _EXTENDED.items():
            if dtype == np.dtype(getattr(ml_dtypes, attr)):
                return name
    if dtype.str in _BY_STR:
        return _BY_STR[dtype.str]
    if dtype.hasobject:
        return None
    name = "npy:" + dtype.str
    return name if len(name) <= MAX_DTYPE else None


def dtype_of(name):
    """The NumPy dtype for a recorded name, or None when unknown.
    bf16 and fp8 come back as ml_dtypes types where installed, else as the
    unsigned integers holding their bits."""
    if name in _PLAIN:
        return np.dtype(_PLAIN[name])
    if name in _EXTENDED:
        attr, bits = _EXTENDED[name]
        if ml_dtypes is not None:
            return np.dtype(getattr(ml_dtypes, attr))
        return np.dtype(bits)
    if name.startswith("npy:"):
        try:
            dtype = np.dtype(name[4:])
        except (TypeError, ValueError, SyntaxError):
            return None
        return None if dtype.hasobject else dtype
    return None


def element_width(dtype):
    """ZVC element width for a dtype: the width of one scalar component, so
    that a complex64 is coded as two f32 and a zero is found per part; else
    the largest of 8/4/2/1 dividing the item size (the CLI's rule)."""
    dtype = np.dtype(dtype)
    size = dtype.itemsize
    if dtype.kind == "c":
        size //= 2
    for w in (8, 4, 2):
        if size % w == 0:
            return w
    return 1

"""The datasets the HDF5 filter tests write: made the same way in the writer
subprocess and in the test that checks what a reader got back, so neither
side needs the other's data.

Values look like activations after a ReLU (about half zeros), the data cdma
is built for; bf16 is stored as a 2-byte opaque type, as h5py does for
numpy's void dtype, since HDF5 has no bf16.
"""
import zlib

import numpy as np

# (name, numpy dtype for h5py, element width the filter should record)
DTYPES = [
    ("f32", "<f4", 4),
    ("f16", "<f2", 2),
    ("bf16", "V2", 2),
    ("i8", "i1", 1),
    ("u8", "u1", 1),
    ("bool", "?", 1),
]

# (dataset shape, chunk shape): one chunk, chunks that do not divide the
# shape (HDF5 still filters whole edge chunks), 2-d and 3-d, one element.
LAYOUTS = [
    ((4096,), (1000,)),
    ((64, 96), (16, 32)),
    ((5, 33, 17), (2, 8, 17)),
    ((300,), (300,)),
    ((1,), (1,)),
]

# None: the filter's default level (3); the others are passed as
# compression_opts=(level,).
LEVELS = [None, 1, 9]


def make(dtype_name, shape, seed):
    """Deterministic sparse data of `dtype_name` and `shape`."""
    rng = np.random.default_rng(seed)
    n = int(np.prod(shape))
    relu = np.maximum(rng.standard_normal(n, dtype=np.float32), 0)
    if dtype_name == "f32":
        a = relu
    elif dtype_name == "f16":
        a = relu.astype(np.float16)
    elif dtype_name == "bf16":
        a = (relu.view(np.uint32) >> 16).astype("<u2").view("V2")
    elif dtype_name == "i8":
        a = np.where(relu > 0, rng.integers(-128, 128, n), 0).astype(np.int8)
    elif dtype_name == "u8":
        a = np.where(relu > 0, rng.integers(0, 256, n), 0).astype(np.uint8)
    elif dtype_name == "bool":
        a = relu > 1.0
    else:
        raise ValueError(dtype_name)
    return a.reshape(shape)


def cases():
    """Every dataset: dict(name, dtype, np_dtype, width, shape, chunks, level, seed)."""
    out = []
    for d, (dtype, np_dtype, width) in enumerate(DTYPES):
        for i, (shape, chunks) in enumerate(LAYOUTS):
            for j, level in enumerate(LEVELS):
                name = f"{dtype}_{'x'.join(map(str, chunks))}_L{level or 'default'}"
                seed = zlib.crc32(name.encode())
                out.append(dict(name=name, dtype=dtype, np_dtype=np_dtype, width=width,
                                shape=shape, chunks=chunks, level=level, seed=seed))
    return out


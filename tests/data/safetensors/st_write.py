"""Writes safetensors files for the tests and measurements, without the
safetensors package (not in Debian): an 8-byte little-endian header length,
the JSON header padded with spaces to a multiple of 8 (as the reference
writer does), then the tensors' bytes in the order given.

Also makes the weight-like tensors the tests and README figures use:
    weights(seed) -> [(name, dtype, array)], dense random normal in every dtype.
"""
import json
import struct

import numpy as np

# safetensors dtype -> NumPy dtype of the same bytes (bf16 and fp8 as bit
# patterns: NumPy has no such types).
NUMPY_OF = {
    "F64": "<f8", "F32": "<f4", "F16": "<f2", "BF16": "<u2", "F8_E4M3": "u1", "F8_E5M2": "u1",
    "I64": "<i8", "I32": "<i4", "I16": "<i2", "I8": "i1", "U64": "<u8", "U32": "<u4",
    "U16": "<u2", "U8": "u1", "BOOL": "?",
}


def header_bytes(entries, metadata=None):
    """entries: [(name, dtype, shape, begin, end)] -> the 8 + N header bytes."""
    head = {}
    if metadata is not None:
        head["__metadata__"] = metadata
    for name, dtype, shape, begin, end in entries:
        head[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [begin, end]}
    text = json.dumps(head, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text


def write(path, tensors, metadata=None):
    """tensors: [(name, dtype, array)], written in that order."""
    entries, blobs, at = [], [], 0
    for name, dtype, array in tensors:
        data = np.ascontiguousarray(array).astype(NUMPY_OF[dtype], copy=False).tobytes()
        entries.append((name, dtype, array.shape, at, at + len(data)))
        blobs.append(data)
        at += len(data)
    with open(path, "wb") as f:
        f.write(header_bytes(entries, metadata))
        for b in blobs:
            f.write(b)


def bf16_bits(x):
    """float32 array -> bfloat16 bit patterns (round to nearest even)."""
    u = np.asarray(x, "<f4").view("<u4").astype(np.uint64)
    return ((u + 0x7FFF + ((u >> 16) & 1)) >> 16).astype("<u2")


def weights(seed=0, rows=256, cols=192):
    """Weight-like tensors: dense random normal (std 0.02, as transformer
    initialisations use) in every float dtype, plus integer and bool ones."""
    rng = np.random.default_rng(seed)
    w = rng.normal(0, 0.02, (rows, cols)).astype("<f4")
    f16 = w.astype("<f2")
    return [
        ("layer.0.weight_f64", "F64", w.astype("<f8")),
        ("layer.0.weight", "F32", w),
        ("layer.0.bias", "F32", rng.normal(0, 0.02, cols).astype("<f4")),
        ("layer.1.weight_f16", "F16", f16),
        ("layer.1.weight_bf16", "BF16", bf16_bits(w)),
        ("layer.2.weight_e5m2", "F8_E5M2", (f16.view("<u2") >> 8).astype("u1")),
        ("layer.2.weight_e4m3", "F8_E4M3", rng.integers(0, 256, (rows, cols), dtype="u1")),
        ("ids_i64", "I64", rng.integers(-2**40, 2**40, 1000)),
        ("ids_i32", "I32", rng.integers(-2**20, 2**20, 1000)),
        ("ids_i16", "I16", rng.integers(-2**10, 2**10, 1000)),
        ("ids_i8", "I8", rng.integers(-100, 100, 1000)),
        ("ids_u64", "U64", rng.integers(0, 2**40, 1000)),
        ("ids_u32", "U32", rng.integers(0, 2**20, 1000)),
        ("ids_u16", "U16", rng.integers(0, 2**10, 1000)),
        ("ids_u8", "U8", rng.integers(0, 256, 1000)),
        ("mask", "BOOL", rng.random(1000) < 0.3),
        ("scalar", "F32", np.array(1.5, "<f4")),
        ("empty", "F32", np.zeros((0, 4), "<f4")),
    ]

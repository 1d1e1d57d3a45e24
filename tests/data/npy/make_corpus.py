#!/usr/bin/python3
"""Writes a corpus of .npy files with NumPy itself, one per case of issue 5:
header versions 1.0/2.0/3.0, 64- and legacy 16-byte alignment, descr in both
byte orders, Fortran and C order, 0-d, empty and very large shapes, bf16 and
fp8 stored as opaque void types, and the odd item sizes ('<U5', '|V3',
complex, records) that take cdma's width fallback. object.npy holds pickled
objects, which cdma must refuse.

    make_corpus.py OUTDIR           # the full corpus (tests/cli/npy_corpus_test.sh)
    make_corpus.py --small OUTDIR   # the few files committed in tests/data/npy/

Every file is read back with np.load before the script finishes, so each is
a file NumPy itself accepts. Deterministic: a fixed seed, no timestamps.
Run with Debian's /usr/bin/python3 (python3-numpy).
"""
import io
import sys

import numpy as np
from numpy.lib import format as fmt

rng = np.random.default_rng(5)


def relu(shape, dtype):
    a = rng.standard_normal(shape)
    return np.maximum(a, 0).astype(dtype)


def bf16_bits(shape):
    """bf16 values as ml_dtypes stores them: the high half of each f32."""
    f = relu(shape, "<f4")
    return (f.view("<u4") >> 16).astype("<u2")


def save(out, name, array, version=None, align=None, descr=None):
    """np.save, or NumPy's own header writer for what np.save cannot pick."""
    path = f"{out}/{name}.npy"
    old_align = fmt.ARRAY_ALIGN
    if align is not None:
        fmt.ARRAY_ALIGN = align  # NumPy < 1.14 aligned to 16; the writer reads this global
    try:
        with open(path, "wb") as f:
            if descr is not None:
                # A descr np.save would not write ('<V2' as ml_dtypes does).
                header = {"descr": descr, "fortran_order": False, "shape": array.shape}
                fmt._write_array_header(f, header, version)
                f.write(array.tobytes())
            elif version is not None:
                fmt.write_array(f, array, version=version)
            else:
                np.save(f, array, allow_pickle=array.dtype.hasobject)
    finally:
        fmt.ARRAY_ALIGN = old_align
    back = np.load(path, allow_pickle=array.dtype.hasobject)
    assert back.shape == array.shape, name
    return path


def small(out):
    save(out, "v1_be_f4", relu((4, 6), ">f4"))
    save(out, "v3_fortran_f8", np.asfortranarray(relu((5, 7), "<f8")), version=(3, 0))
    save(out, "bf16_V2", bf16_bits((2, 4, 3, 3)), descr="<V2")
    save(out, "align16_v2_i2", (relu((3, 11), "<f4") * 50).astype("<i2"), version=(2, 0),
         align=16)
    save(out, "record", np.zeros(5, [("x", "<f4"), ("tag", "|V3"), ("n", "<i2", (2,))]))


def full(out):
    small(out)
    for major in (1, 2, 3):
        save(out, f"v{major}_f4", relu((4, 8, 6, 6), "<f4"), version=(major, 0))
        save(out, f"v{major}_align16", relu((9, 5), "<f4"), version=(major, 0), align=16)
    for descr in ["<f4", ">f4", "<f2", ">f2", "<f8", ">f8", "<i8", ">i8", "<i4", ">i4",
                  "<i2", ">i2", "|i1", "<u8", ">u8", "<u4", ">u4", "<u2", ">u2", "|u1"]:
        order = "be" if descr[0] == ">" else "le"
        save(out, f"descr_{order}_{descr[1:]}", (relu((7, 9), "<f8") * 10).astype(descr))
    save(out, "descr_b1", relu((33,), "<f4") > 0)
    save(out, "descr_le_c8", relu((9,), "<f4").astype("<c8"))
    save(out, "descr_be_c16", relu((9,), "<f8").astype(">c16"))
    save(out, "descr_longdouble", relu((6,), "<f8").astype(np.longdouble))
    save(out, "descr_U5", np.array(["ab", "", "hello", "x"], "<U5"))
    save(out, "descr_S7", np.array([b"ab", b"", b"sparse!"], "|S7"))
    save(out, "descr_V3", np.frombuffer(bytes([0, 0, 0, 1, 2, 3, 0, 0, 0]), "|V3"))
    save(out, "descr_M8", np.array(["2024-01-01", "NaT"], "<M8[ns]"))
    save(out, "descr_m8", np.array([0, 5, 0], "<m8[s]"))
    save(out, "fortran_f4", np.asfortranarray(relu((6, 10, 3), "<f4")))
    save(out, "fortran_be_i4", np.asfortranarray((relu((5, 4), "<f4") * 9).astype(">i4")))
    save(out, "scalar_f4", np.float32(3.5) * np.ones((), "<f4"))
    save(out, "scalar_zero_u8", np.zeros((), "<u8"))
    save(out, "empty_f4", np.zeros((0, 3), "<f4"))
    save(out, "empty_huge_dims", np.zeros((0, 2**40, 2**20), "|u1"))
    save(out, "ndim32", relu((1,) * 31 + (3,), "<f4"))
    save(out, "large_u1", (relu((1 << 22,), "<f4") * 4).astype("|u1"))  # 4 MiB, > 1 block
    save(out, "bf16_void", bf16_bits((8, 16, 4, 4)).view("|V2"))
    save(out, "fp8_e4m3", (relu((64,), "<f4") * 16).astype("|u1").view("|V1"))
    save(out, "fp8_e5m2", (relu((64,), "<f4") * 8).astype("|u1"), descr="|V1")
    save(out, "nested_record", np.zeros(3, [("a", [("b", "<f2"), ("c", "|u1", (3,))]),
                                            ("d", ">f8")]))
    save(out, "object", np.array([1, "a", None], dtype=object))


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--small"]:
        small(args[1])
    else:
        full(args[0])

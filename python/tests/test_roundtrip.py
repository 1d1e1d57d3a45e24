"""cdma.compress / cdma.decompress round trips over dtypes and shapes."""

import numpy as np
import pytest

import cdma
from conftest import sparse

NUMERIC = ["f8", "f4", "f2", "i1", "u1", "i2", "u2", "i4", "u4", "i8", "u8", "c8", "c16"]


def same(a, b):
    """Equal dtype, shape and bytes (NaN and -0.0 included)."""
    return (a.dtype == b.dtype and a.shape == b.shape
            and a.tobytes() == b.tobytes())


@pytest.mark.parametrize("dtype", NUMERIC)
def test_every_numeric_dtype(rng, dtype):
    a = sparse(rng, (7, 33, 5), "f8").astype(dtype)
    frame = cdma.compress(a)
    info = cdma.frame_info(frame)
    assert info.shape == a.shape
    assert info.content_size == a.nbytes
    b = cdma.decompress(frame)
    assert same(a, b)


def test_bool_and_other_numpy_types(rng):
    for a in (rng.random((10, 10)) < 0.2,
              np.arange(12).astype("<M8[ns]").reshape(3, 4),
              np.array([b"ab", b"", b"xyz"]),
              np.array(["cdma", "é"]),
              np.arange(6, dtype=">f4"),
              np.ones(4, dtype=np.longdouble)):
        assert same(a, cdma.decompress(cdma.compress(a))), a.dtype


def test_dtype_names_match_the_cli():
    assert cdma.frame_info(cdma.compress(np.zeros(3, "f4"))).dtype == "f32"
    assert cdma.frame_info(cdma.compress(np.zeros(3, "i8"))).dtype == "i64"
    assert cdma.frame_info(cdma.compress(np.zeros(3, bool))).dtype == "bool"


def test_special_float_bits_survive():
    bits = np.array([0, 0x80000000, 0x7FC00001, 0xFF800000, 1, 0x7F7FFFFF], "<u4")
    a = bits.view("<f4")
    assert cdma.decompress(cdma.compress(a)).view("<u4").tolist() == bits.tolist()


@pytest.mark.parametrize("shape", [(), (0,), (3, 0, 2), (1,), (1, 1, 1, 1)])
def test_zero_d_and_empty(shape):
    a = np.full(shape, 2.5, "f4")
    b = cdma.decompress(cdma.compress(a))
    assert same(a, b)


def test_non_contiguous_is_compressed_as_c_order_copy(rng):
    a = sparse(rng, (64, 48), "f4")
    for view in (a.T, a[::3, 1::2], np.asfortranarray(a)):
        b = cdma.decompress(cdma.compress(view))
        assert b.flags.c_contiguous
        assert np.array_equal(b, view) and b.shape == view.shape


def test_bytes_like_inputs():
    data = bytes(1000) + b"cdma" * 100
    for obj in (data, bytearray(data), memoryview(data)):
        out = cdma.decompress(cdma.compress(obj))
        assert out.dtype == np.uint8 and out.tobytes() == data
    # A typed memoryview keeps its type.
    m = memoryview(np.arange(10, dtype="i4"))
    assert cdma.decompress(cdma.compress(m)).tolist() == list(range(10))
    # A strided memoryview of bytes is copied, not refused.
    assert cdma.decompress(cdma.compress(memoryview(data)[::2])).tobytes() == data[::2]


def test_large_array_with_threads(rng):
    a = sparse(rng, (64, 256, 257), "f4", density=0.25)  # ~16 MiB, many blocks
    frame = cdma.compress(a, threads=2)
    assert frame == cdma.compress(a)  # identical for any thread count
    assert len(frame) < a.nbytes / 2
    assert same(a, cdma.decompress(frame, threads=2))


@pytest.mark.parametrize("codec", ["zvc", "zrle", "store", "auto", None])
@pytest.mark.parametrize("level", [None, 1, 5, 9])
def test_codecs_and_levels(rng, codec, level):
    a = sparse(rng, (3000,), "f4")
    frame = cdma.compress(a, level=level, codec=codec)
    info = cdma.frame_info(frame)
    assert info.codec == (codec or "auto")
    assert same(a, cdma.decompress(frame))


def test_decompress_into_and_frame_info(rng):
    a = sparse(rng, (100, 10), "f2")
    frame = cdma.compress(a, checksum=False)
    info = cdma.frame_info(frame)
    assert (info.dtype, info.element_width, info.has_checksum) == ("f16", 2, False)
    assert info.frame_size == len(frame) and info.ratio == a.nbytes / len(frame)
    out = np.empty_like(a)
    assert cdma.decompress_into(frame, out) == a.nbytes
    assert same(a, out)
    ba = bytearray(a.nbytes)
    cdma.decompress_into(frame, ba)
    assert bytes(ba) == a.tobytes()


def test_bf16_without_or_with_ml_dtypes():
    import cdma._dtypes as d
    bits = np.array([0x3F80, 0, 0x4000, 0x8000], "<u2")
    if d.ml_dtypes is None:
        frame = cdma._cdma.compress(bits, 2, 0, 255, 1, True, "bf16", (4,))
        out = cdma.decompress(frame)
        assert out.dtype == np.uint16 and out.tolist() == bits.tolist()
    else:  # pragma: no cover - ml_dtypes is not a Debian 12 package
        a = bits.view(d.ml_dtypes.bfloat16)
        assert same(a, cdma.decompress(cdma.compress(a)))


def test_unrecordable_dtype_is_refused():
    with pytest.raises(TypeError):
        cdma.compress(np.zeros(3, dtype=[("a", "f4"), ("b", "i2")]))


def test_unknown_codec_name():
    with pytest.raises(ValueError):
        cdma.compress(b"x", codec="gzip")


def test_python_threads_share_the_library(rng):
    """The GIL is released inside the library: threads compressing and
    decoding at once must each get their own, correct results."""
    import concurrent.futures
    arrays = [sparse(rng, (256, 1024), "f4", density=d) for d in (0.1, 0.3, 0.5, 0.7)]

    def work(a):
        return cdma.decompress(cdma.compress(a))

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        for a, b in zip(arrays, pool.map(work, arrays)):
            assert same(a, b)


def test_streamed_frame_has_no_content_size(tmp_path):
    import io
    buf = io.BytesIO()
    with cdma.open(buf, "wb") as f:
        f.write(bytes(100))
    info = cdma.frame_info(buf.getvalue())
    assert info.content_size is None and info.ratio is None
    assert cdma.decompress(buf.getvalue()).tobytes() == bytes(100)


def test_numpy_scalar_and_readonly_inputs():
    assert same(np.asarray(np.float32(3.5)), cdma.decompress(cdma.compress(np.float32(3.5))))
    ro = np.frombuffer(bytes(64), "f4")
    assert same(ro, cdma.decompress(cdma.compress(ro)))

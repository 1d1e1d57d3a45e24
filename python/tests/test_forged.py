"""Frames whose tensor metadata lies (issue 17, 2.6). Each forgery is a valid
frame with its header metadata rewritten and its header checksum recomputed
(forge.py), so the library's parser reads it and only the metadata is wrong:
every reader must raise cdma.Error (metadata_invalid), never hand back an
array of another shape or type. Also: the bound on what a frame may make
decompress() allocate, and empty files."""

import numpy as np
import pytest

import cdma
from forge import TAG_PREFIX, forge, metadata, zero_frame


@pytest.fixture
def frame():
    return cdma.compress(np.arange(12, dtype="f4").reshape(3, 4))


FORGERIES = {
    "object dtype": dict(dtype="npy:O"),
    "object dtype, no order": dict(dtype="npy:|O"),
    "unknown dtype": dict(dtype="zz9"),
    "unknown npy dtype": dict(dtype="npy:<q7"),
    "short shape": dict(shape=(3, 3)),
    "long shape": dict(shape=(4, 4)),
    "empty shape": dict(shape=(0, 4)),
    "0-d shape": dict(shape=()),
    "overflowing shape": dict(shape=(1 << 32, 1 << 32, 1 << 8)),
    "wider dtype": dict(dtype="f64"),
    "dtype, no shape, partial element": dict(dtype="npy:<V7", shape=None),
    "shape, no dtype, not whole elements": dict(dtype=None, shape=(5,)),
}


def _readers(data, tmp_path):
    """Every way the package turns a frame into values."""
    path = tmp_path / "f.cdma"
    path.write_bytes(data)

    def via_open():
        with cdma.open(path) as f:
            return f.read()
    out = [lambda: cdma.decompress(data), lambda: cdma.frame_info(data),
           lambda: cdma.decompress_into(data, bytearray(1 << 16)), via_open]
    try:
        import cdma.torch
        out.append(lambda: cdma.torch.decompress(data))
    except ImportError:  # pragma: no cover - torch is a test dependency
        pass
    return out


@pytest.mark.parametrize("name", sorted(FORGERIES))
def test_forged_metadata_raises_cdma_error(frame, tmp_path, name):
    bad = forge(frame, **FORGERIES[name])
    for read in _readers(bad, tmp_path):
        with pytest.raises(cdma.Error) as e:
            read()
        assert e.value.name == "metadata_invalid", (name, read)


def test_forger_keeps_honest_frames_valid(frame):
    """The forger itself: rewriting the same metadata changes nothing."""
    same = forge(frame, dtype="f32", shape=(3, 4))
    assert same == frame
    assert np.array_equal(cdma.decompress(forge(frame, shape=(2, 6))),
                          np.arange(12, dtype="f4").reshape(2, 6))
    assert cdma.decompress(forge(frame, dtype="npy:<i4")).dtype == np.dtype("<i4")


def test_streamed_frame_is_checked_after_decoding(tmp_path):
    """A frame without a content size can only be checked once decoded."""
    path = tmp_path / "s.cdma"
    with cdma.open(path, "wb") as f:
        f.write(np.arange(10, dtype="f4").tobytes())
    streamed = path.read_bytes()
    assert cdma.frame_info(streamed).content_size is None
    good = forge(streamed, dtype="f32", shape=(2, 5))
    assert np.array_equal(cdma.decompress(good), np.arange(10, dtype="f4").reshape(2, 5))
    bad = forge(streamed, dtype="f32", shape=(3, 5))
    cdma.frame_info(bad)  # nothing to compare the shape with yet
    for read in _readers(bad, tmp_path)[::3]:  # decompress, cdma.open
        with pytest.raises(cdma.Error) as e:
            read()
        assert e.value.name == "metadata_invalid"


@pytest.fixture
def npy_frame(tmp_path, cli):
    np.save(tmp_path / "a.npy", np.arange(12, dtype="<f4").reshape(3, 4))
    cli("compress", "-q", tmp_path / "a.npy")
    return (tmp_path / "a.npy.cdma").read_bytes()


def _prefix_replace(frame, old, new):
    prefix = metadata(frame)[TAG_PREFIX]
    assert old in prefix
    return forge(frame, prefix=prefix.replace(old, new, 1))


@pytest.mark.parametrize("old,new", [
    (b"(3, 4)", b"(4, 4)"),          # the header's shape no longer holds the content
    (b"(3, 4)", b"(4, 3)"),          # ... or no longer the recorded shape
    (b"'<f4'", b"'<f8'"),            # wider elements than the content holds
    (b"'<f4'", b"'|O8'"),            # an object array: a pickle, not data
    (b"'descr'", b"'DESCR'"),        # not a .npy header any more
    (b"NUMPY\x01", b"NUMPY\x07"),    # an unknown .npy version
])
def test_forged_npy_prefix_raises(npy_frame, tmp_path, old, new):
    bad = _prefix_replace(npy_frame, old, new)
    for read in _readers(bad, tmp_path):
        with pytest.raises(cdma.Error) as e:
            read()
        assert e.value.name == "metadata_invalid"


def test_npy_prefix_with_bytes_after_the_header(npy_frame, tmp_path):
    bad = forge(npy_frame, prefix=metadata(npy_frame)[TAG_PREFIX] + b"\0" * 16)
    with pytest.raises(cdma.Error, match="after its .npy header"):
        cdma.decompress(bad)


def test_recorded_shape_without_dtype_uses_the_npy_header(npy_frame):
    got = cdma.decompress(forge(npy_frame, dtype=None))
    assert got.dtype == np.dtype("<f4") and np.array_equal(got, np.arange(12).reshape(3, 4))


# -- max_output_size --------------------------------------------------------

def test_a_small_frame_cannot_allocate_gigabytes():
    bomb = zero_frame(257)  # 3,112 bytes that decode to 4.3 GB of zeros
    assert len(bomb) < 4096 and cdma.frame_info(bomb).content_size == 257 << 24
    with pytest.raises(cdma.Error) as e:
        cdma.decompress(bomb)
    assert e.value.name == "memory_limit_exceeded" and "max_output_size" in str(e.value)


def test_max_output_size_bounds_every_frame():
    data = np.zeros(3 << 20, np.uint8)
    frame = cdma.compress(data)
    assert np.array_equal(cdma.decompress(frame), data)  # the default lets this through
    assert cdma.decompress(frame, max_output_size=data.nbytes).size == data.nbytes
    with pytest.raises(cdma.Error, match="max_output_size") as e:
        cdma.decompress(frame, max_output_size=data.nbytes - 1)
    assert e.value.name == "memory_limit_exceeded"
    # Streamed (no content size) and concatenated frames too.
    with pytest.raises(cdma.Error, match="max_output_size"):
        cdma.decompress(frame + frame, max_output_size=data.nbytes + 1)
    assert cdma.decompress(zero_frame(4, 12), max_output_size=4 << 12).size == 4 << 12


def test_torch_decompress_is_bounded_too():
    torch = pytest.importorskip("torch")
    import cdma.torch
    frame = cdma.torch.compress(torch.zeros(1 << 20))
    with pytest.raises(cdma.Error, match="max_output_size"):
        cdma.torch.decompress(frame, max_output_size=1 << 20)
    assert cdma.torch.decompress(frame, max_output_size=4 << 20).shape == (1 << 20,)


@pytest.mark.parametrize("value", [-1, 1.5, "big", True])
def test_max_output_size_must_be_a_non_negative_int(frame, value):
    with pytest.raises(ValueError, match="max_output_size"):
        cdma.decompress(frame, max_output_size=value)
        cdma.Decompressor(max_output_size=value)


def test_max_output_size_zero_means_no_limit_as_in_python_zstandard():
    bomb = zero_frame(4, 12)
    assert cdma.decompress(bomb, max_output_size=0).size == 4 << 12
    assert len(cdma.Decompressor(max_output_size=0).decompress(bomb)) == 4 << 12


# -- empty input -------------------------------------------------------------

def test_open_rejects_an_empty_file(tmp_path):
    (tmp_path / "e.cdma").write_bytes(b"")
    with cdma.open(tmp_path / "e.cdma") as f:
        with pytest.raises(cdma.Error, match="empty"):
            f.read()
    with pytest.raises(cdma.Error):
        cdma.decompress(b"")

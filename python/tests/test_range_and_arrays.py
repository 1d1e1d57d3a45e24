"""decompress_range (cdma_decompress_range from Python) and cdma.open with
dtype/shape + read_array()."""

import io

import numpy as np
import pytest

import cdma
from conftest import sparse


@pytest.mark.parametrize("level", [1, 3, 7])
def test_decompress_range_matches_slices(rng, level):
    a = sparse(rng, 1 << 20, np.float32)
    raw = a.tobytes()
    frame = cdma.compress(a, level=level)
    for offset, length in [(0, 0), (0, 10), (123457, 99999), (len(raw) - 5, 5), (0, len(raw))]:
        assert cdma.decompress_range(frame, offset, length) == raw[offset:offset + length]


def test_decompress_range_refuses_ranges_past_the_content(rng):
    frame = cdma.compress(sparse(rng, 1000, np.float32))
    with pytest.raises(cdma.Error) as e:
        cdma.decompress_range(frame, 3990, 11)
    assert e.value.name == "parameter_out_of_bound"
    with pytest.raises(ValueError):
        cdma.decompress_range(frame, -1, 1)
    with pytest.raises(cdma.Error, match="max_output_size"):
        cdma.decompress_range(frame, 0, 4000, max_output_size=100)


@pytest.mark.parametrize("dtype", ["float32", "float16", "int8", "uint16", "bool"])
def test_open_records_dtype_and_shape(tmp_path, rng, dtype):
    a = (sparse(rng, (6, 7, 8), np.float32) * 50).astype(dtype)
    path = tmp_path / "a.cdma"
    with cdma.open(path, "wb", dtype=a.dtype, shape=a.shape, level=3) as f:
        for plane in a:
            f.write(plane)
    info = cdma.frame_info(path.read_bytes())
    assert info.shape == a.shape and info.element_width == a.dtype.itemsize
    with cdma.open(path) as f:
        back = f.read_array()
    assert back.dtype == a.dtype and np.array_equal(back, a)
    assert np.array_equal(cdma.decompress(path.read_bytes()), a)


def test_open_with_a_wrong_shape_is_caught_at_read(tmp_path, rng):
    a = sparse(rng, 100, np.float32)
    path = tmp_path / "w.cdma"
    with cdma.open(path, "wb", dtype=a.dtype, shape=(99,)) as f:
        f.write(a)
    with pytest.raises(cdma.Error):
        with cdma.open(path) as f:
            f.read_array()


def test_read_array_without_metadata_is_bytes_and_needs_the_start(rng):
    frame = cdma.compress(b"\x00\x01" * 100)
    with cdma.open(io.BytesIO(frame)) as f:
        out = f.read_array()
    assert out.dtype == np.uint8 and out.tobytes() == b"\x00\x01" * 100
    with cdma.open(io.BytesIO(frame)) as f:
        f.read(3)
        with pytest.raises(ValueError, match="start"):
            f.read_array()


def test_open_rejects_bad_metadata(tmp_path):
    with pytest.raises(TypeError):
        cdma.open(tmp_path / "o.cdma", "wb", dtype=object)
    with pytest.raises(ValueError):
        cdma.open(tmp_path / "s.cdma", "wb", shape=(3,))

"""cdma.numcodecs.Cdma with numcodecs and Zarr v2: exact round trips, config
round trips, damage raises, and discovery by entry point in a fresh process."""

import importlib.metadata
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import numcodecs
import zarr

import cdma
from cdma.numcodecs import Cdma
from conftest import sparse

DTYPES = ["float32", "float16", "int8", "uint8", "bool"]


def sample(rng, shape, dtype):
    if dtype == "bool":
        return rng.random(shape) < 0.3
    if dtype in ("int8", "uint8"):
        return (sparse(rng, shape, np.float32) * 40).astype(dtype)
    return sparse(rng, shape, dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("chunks", [(1, 8, 16, 16), (3, 5, 7, 9), (4, 8, 16, 16)])
def test_zarr_round_trip_in_a_new_process(tmp_path, rng, dtype, chunks):
    a = sample(rng, (4, 8, 16, 16), dtype)
    store = str(tmp_path / "a.zarr")
    z = zarr.open(store, mode="w", shape=a.shape, chunks=chunks, dtype=a.dtype,
                  compressor=Cdma(level=3))
    z[:] = a
    np.save(tmp_path / "a.npy", a)
    reader = textwrap.dedent("""
        import sys, numpy as np, zarr, cdma.numcodecs
        z = zarr.open(sys.argv[1], mode="r")
        assert z.compressor.codec_id == "cdma", z.compressor
        sys.exit(0 if np.array_equal(z[:], np.load(sys.argv[2])) else 3)
    """)
    subprocess.run([sys.executable, "-c", reader, store, str(tmp_path / "a.npy")], check=True)


@pytest.mark.parametrize("level", [1, 3, 7, 9])
def test_codec_round_trip_and_width_from_dtype(rng, level):
    a = sparse(rng, (64, 33), np.float32)
    codec = Cdma(level=level)
    frame = codec.encode(a)
    assert cdma.frame_info(frame).element_width == 4
    assert np.array_equal(np.frombuffer(codec.decode(frame), np.float32).reshape(a.shape), a)
    out = np.empty_like(a)
    assert codec.decode(frame, out=out) is out
    assert np.array_equal(out, a)


def test_width_from_config_for_plain_bytes(rng):
    raw = sparse(rng, 1000, np.float16).tobytes()
    frame = Cdma(element_width=2).encode(raw)
    assert cdma.frame_info(frame).element_width == 2
    assert bytes(Cdma().decode(frame)) == raw


def test_config_round_trip_and_bad_configs():
    codec = Cdma(level=5, threads=2, element_width=2)
    again = numcodecs.get_codec(codec.get_config())
    assert isinstance(again, Cdma) and again.get_config() == codec.get_config()
    with pytest.raises(ValueError, match="unknown config keys"):
        numcodecs.get_codec({"id": "cdma", "levle": 3})
    with pytest.raises(ValueError):
        Cdma(level=42)
    with pytest.raises(ValueError):
        Cdma(element_width=3)
    with pytest.raises(TypeError):
        Cdma(level="3")


def test_out_of_the_wrong_size_is_refused(rng):
    frame = Cdma().encode(sparse(rng, 100, np.float32))
    with pytest.raises(ValueError, match="out has"):
        Cdma().decode(frame, out=np.empty(99, np.float32))


def test_damaged_chunk_raises_through_zarr(tmp_path, rng):
    a = sparse(rng, (8, 64), np.float32)
    store = tmp_path / "d.zarr"
    z = zarr.open(str(store), mode="w", shape=a.shape, chunks=(8, 64), dtype=a.dtype,
                  compressor=Cdma(level=3))
    z[:] = a
    chunk = store / "0.0"
    data = bytearray(chunk.read_bytes())
    for i in range(len(data) // 2, len(data)):  # damage the payload and the checksum
        data[i] ^= 0x5A
    chunk.write_bytes(bytes(data))
    with pytest.raises(cdma.Error):
        zarr.open(str(store), mode="r")[:]


def test_object_arrays_are_refused():
    with pytest.raises(TypeError, match="object"):
        Cdma().encode(np.array([object()], dtype=object))


def installed_entry_point():
    return any(ep.name == "cdma" for ep in importlib.metadata.entry_points(group="numcodecs.codecs"))


def test_entry_point_finds_the_codec_without_import(tmp_path, rng):
    if not installed_entry_point():
        if os.environ.get("CDMA_TEST_INSTALLED"):
            pytest.fail("the installed package declares no numcodecs.codecs entry point 'cdma'")
        pytest.skip("needs the installed package's metadata (scripts/test-wheel runs this)")
    a = sparse(rng, (16, 16), np.float32)
    store = str(tmp_path / "e.zarr")
    zarr.open(store, mode="w", shape=a.shape, chunks=(8, 8), dtype=a.dtype,
              compressor=Cdma(level=1))[:] = a
    np.save(tmp_path / "e.npy", a)
    reader = textwrap.dedent("""
        import sys, numpy as np, zarr
        assert "cdma" not in sys.modules
        z = zarr.open(sys.argv[1], mode="r")
        sys.exit(0 if np.array_equal(z[:], np.load(sys.argv[2])) else 3)
    """)
    subprocess.run([sys.executable, "-c", reader, store, str(tmp_path / "e.npy")], check=True)

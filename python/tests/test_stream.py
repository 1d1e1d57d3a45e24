"""cdma.open: file-like streaming over the library's streaming API."""

import io
import os

import numpy as np
import pytest

import cdma
from conftest import sparse


def test_write_then_read_in_odd_chunks(tmp_path, rng):
    data = sparse(rng, (300000,), "f4").tobytes()
    path = tmp_path / "x.cdma"
    with cdma.open(path, "wb", element_width=4) as f:
        for i in range(0, len(data), 77777):
            assert f.write(data[i:i + 77777]) == len(data[i:i + 77777])
        assert f.tell() == len(data)
    assert os.path.getsize(path) < len(data) / 2
    with cdma.open(path) as f:
        got = bytearray()
        while True:
            c = f.read(12345)
            if not c:
                break
            got += c
    assert bytes(got) == data
    # The one-shot decoder reads the streamed frame too.
    assert cdma.decompress(path.read_bytes()).tobytes() == data


def test_flush_frame_and_append_concatenate(tmp_path):
    path = tmp_path / "c.cdma"
    with cdma.open(path, "wb") as f:
        f.write(b"a" * 1000)
        f.flush_frame()
        f.write(b"b" * 1000)
    with cdma.open(path, "ab") as f:
        f.write(bytes(5000))
    with cdma.open(path, "rb") as f:
        assert f.read() == b"a" * 1000 + b"b" * 1000 + bytes(5000)
    assert cdma.decompress(path.read_bytes()).tobytes() == b"a" * 1000 + b"b" * 1000 + bytes(5000)


def test_file_objects_and_io_wrappers():
    buf = io.BytesIO()
    with cdma.open(buf, "wb") as f:
        t = io.TextIOWrapper(f, encoding="utf-8")
        t.write("line one\nline two\n")
        t.detach()  # flushes the text into f, leaves f open
    assert not buf.closed  # a caller's file object is not closed
    buf.seek(0)
    with cdma.open(buf) as f:
        assert io.TextIOWrapper(f, encoding="utf-8").readlines() == ["line one\n", "line two\n"]


def test_truncated_stream_raises(tmp_path):
    path = tmp_path / "t.cdma"
    with cdma.open(path, "wb") as f:
        f.write(os.urandom(200000))
    raw = path.read_bytes()
    path.write_bytes(raw[:-100])
    with pytest.raises(cdma.Error) as e:
        with cdma.open(path) as f:
            f.read()
    assert e.value.name in ("src_size_wrong", "checksum_wrong", "corruption_detected")


def test_corrupt_stream_raises(tmp_path):
    path = tmp_path / "g.cdma"
    path.write_bytes(b"not a cdma stream at all" * 10)
    with pytest.raises(cdma.Error):
        with cdma.open(path) as f:
            f.read()


def test_empty_file_and_modes(tmp_path):
    path = tmp_path / "e.cdma"
    with cdma.open(path, "wb"):
        pass
    with cdma.open(path) as f:
        assert f.read() == b""
    with pytest.raises(ValueError):
        cdma.open(path, "r+b")
    with cdma.open(path) as f, pytest.raises(io.UnsupportedOperation):
        f.write(b"x")


def test_numpy_tofile_through_stream(tmp_path, rng):
    a = sparse(rng, (1000, 64), "f4")
    path = tmp_path / "a.cdma"
    with cdma.open(path, "wb", element_width=4, level=9, threads=2) as f:
        f.write(a)
    with cdma.open(path) as f:
        b = np.frombuffer(f.read(), "f4").reshape(a.shape)
    assert np.array_equal(a, b)

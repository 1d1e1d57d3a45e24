"""Compressor / Decompressor (python-zstandard's shapes): every incremental
path gives the one-shot bytes for any chunking, limits hold, damage raises."""

import io

import numpy as np
import pytest

import cdma
from conftest import sparse


def chunked(data, sizes):
    out, pos, i = [], 0, 0
    while pos < len(data):
        n = sizes[i % len(sizes)]
        out.append(data[pos:pos + n])
        pos += n
        i += 1
    return out


@pytest.fixture
def payload(rng):
    return sparse(rng, 300_000, np.float32).tobytes()


@pytest.mark.parametrize("sizes", [[1], [7, 4096, 3], [1 << 16], [10 ** 7]])
@pytest.mark.parametrize("level", [1, 3, 7])
def test_compressobj_with_size_gives_the_one_shot_bytes(payload, sizes, level):
    c = cdma.Compressor(level=level, element_width=4)
    one_shot = c.compress(payload)
    parts = chunked(payload[: 50_000] if sizes == [1] else payload, sizes)
    data = b"".join(parts)
    obj = c.compressobj(size=len(data))
    frame = b"".join(obj.compress(p) for p in parts) + obj.flush()
    assert frame == c.compress(data)
    if data == payload:
        assert frame == one_shot


def test_compressobj_without_size_is_chunking_independent(payload):
    c = cdma.Compressor(level=3, element_width=4)
    frames = set()
    for sizes in ([1000], [65536, 17], [len(payload)]):
        obj = c.compressobj()
        frames.add(b"".join(obj.compress(p) for p in chunked(payload, sizes)) + obj.flush())
    assert len(frames) == 1
    assert cdma.decompress(frames.pop()).tobytes() == payload


def test_compressobj_refuses_use_after_finish(payload):
    obj = cdma.Compressor().compressobj()
    obj.compress(payload[:10])
    obj.flush()
    with pytest.raises(ValueError):
        obj.compress(b"x")


def test_wrong_pledged_size_raises(payload):
    obj = cdma.Compressor().compressobj(size=len(payload) + 1)
    obj.compress(payload)
    with pytest.raises(cdma.Error):
        obj.flush()


def test_stream_writer_and_copy_stream_match(payload):
    c = cdma.Compressor(level=3, element_width=4)
    sink = io.BytesIO()
    with c.stream_writer(sink, size=len(payload), closefd=False) as w:
        for p in chunked(payload, [12345]):
            w.write(p)
    assert sink.getvalue() == c.compress(payload)
    out = io.BytesIO()
    read, written = c.copy_stream(io.BytesIO(payload), out, size=len(payload), read_size=7777)
    assert (read, written) == (len(payload), len(out.getvalue()))
    assert out.getvalue() == c.compress(payload)


def test_stream_writer_closes_its_file_unless_told(payload):
    sink = io.BytesIO()
    w = cdma.Compressor().stream_writer(sink)
    w.write(payload[:100])
    w.close()
    assert sink.closed


@pytest.mark.parametrize("sizes", [[1], [5, 1000], [1 << 20]])
def test_decompressobj_any_chunking(payload, sizes):
    frame = cdma.Compressor(level=3, element_width=4).compress(payload)
    if sizes == [1]:
        frame = cdma.Compressor(level=3).compress(payload[:20_000])
    expect = cdma.decompress(frame).tobytes()
    obj = cdma.Decompressor().decompressobj()
    out = b"".join(obj.decompress(p) for p in chunked(frame, sizes))
    assert out == expect and obj.eof


def test_decompressor_paths_agree(payload):
    frame = cdma.compress(payload, level=3) + cdma.compress(payload[:999], level=1)
    expect = payload + payload[:999]
    d = cdma.Decompressor()
    assert d.decompress(frame) == expect
    assert b"".join(d.read_to_iter(io.BytesIO(frame), read_size=1000, write_size=4096)) == expect
    assert all(len(c) <= 4096 for c in d.read_to_iter(frame, write_size=4096))
    out = io.BytesIO()
    assert d.copy_stream(io.BytesIO(frame), out, read_size=333) == (len(frame), len(expect))
    assert out.getvalue() == expect
    with d.stream_reader(io.BytesIO(frame)) as r:
        assert r.read() == expect


def test_max_output_size(payload):
    frame = cdma.compress(payload)
    assert len(cdma.Decompressor(max_output_size=len(payload)).decompress(frame)) == len(payload)
    with pytest.raises(cdma.Error, match="max_output_size"):
        cdma.Decompressor(max_output_size=len(payload) - 1).decompress(frame)
    with pytest.raises(ValueError):
        cdma.Decompressor(max_output_size=-1)


def test_truncated_and_damaged_frames_raise(payload):
    frame = cdma.compress(payload, level=3)
    d = cdma.Decompressor()
    with pytest.raises(cdma.Error):
        d.decompress(frame[:-5])
    with pytest.raises(cdma.Error):
        list(d.read_to_iter(io.BytesIO(frame[: len(frame) // 2])))
    bad = bytearray(frame)
    bad[len(bad) // 2] ^= 0xFF
    with pytest.raises(cdma.Error):
        d.decompress(bytes(bad))


def test_decompressor_refuses_forged_metadata(rng):
    from forge import forge
    frame = cdma.compress(sparse(rng, 24, np.float32))
    for bad in (forge(frame, dtype="npy:|O"), forge(frame, shape=(25,))):
        with pytest.raises(cdma.Error):
            cdma.Decompressor().decompress(bad)

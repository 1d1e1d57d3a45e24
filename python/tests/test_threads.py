"""Objects shared between threads serialize their calls (issue 17, 2.3): a
file object or streaming engine used by several threads at once never
crashes the interpreter and never mixes up its state."""

import threading

import numpy as np

import cdma

THREADS = 8


def _run(workers):
    """Starts every worker at once; re-raises the first exception."""
    errors = []
    barrier = threading.Barrier(len(workers))

    def wrap(fn):
        def go():
            barrier.wait()
            try:
                fn()
            except BaseException as e:  # noqa: B902 - reported below
                errors.append(e)
        return go
    threads = [threading.Thread(target=wrap(w)) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]


def _chunk(k, size):
    """A chunk only worker k writes: its index repeated, with zeros."""
    c = np.zeros(size, np.uint8)
    c[::3] = k + 1
    return c.tobytes()


def test_threads_writing_one_file(tmp_path):
    size, rounds = 70000, 20
    path = tmp_path / "w.cdma"
    with cdma.open(path, "wb", threads=2) as f:
        def writer(k):
            return lambda: [f.write(_chunk(k, size)) for _ in range(rounds)]
        _run([writer(k) for k in range(THREADS)])
        assert f.tell() == THREADS * rounds * size
    got = cdma.decompress(path.read_bytes())
    # Each write is whole and in one piece: the stream is the chunks in
    # some interleaving.
    chunks = sorted(got[i:i + size].tobytes() for i in range(0, got.size, size))
    assert chunks == sorted(_chunk(k, size) for k in range(THREADS) for _ in range(rounds))


def test_threads_reading_one_file(tmp_path, rng):
    data = (rng.random(3_000_000) < 0.2).astype(np.uint8) * rng.integers(1, 255, 3_000_000,
                                                                           dtype=np.uint8)
    path = tmp_path / "r.cdma"
    path.write_bytes(cdma.compress(data, threads=2))
    pieces = []
    with cdma.open(path, threads=2) as f:
        def reader():
            while True:
                c = f.read(40000)
                if not c:
                    return
                pieces.append(c)
        _run([reader] * THREADS)
        assert f.tell() == data.size
    got = np.frombuffer(b"".join(pieces), np.uint8)
    # Every byte was read exactly once (the order across threads is theirs).
    assert got.size == data.size
    assert np.array_equal(np.bincount(got, minlength=256), np.bincount(data, minlength=256))


def test_threads_sharing_the_stream_engines():
    """The engines under cdma.open, used directly: each call is atomic."""
    comp = cdma._cdma.StreamCompressor(1, 0, cdma.CODECS["auto"], 2, True)
    size = 50000
    out = []

    def writer(k):
        return lambda: [out.append(comp.compress(_chunk(k, size), cdma._cdma.E_CONTINUE))
                        for _ in range(10)]
    _run([writer(k) for k in range(THREADS)])
    out.append(comp.compress(b"", cdma._cdma.E_END))
    got = cdma.decompress(b"".join(out))
    assert got.size == THREADS * 10 * size

    frame = b"".join(cdma.compress(_chunk(k, size)) for k in range(THREADS))
    dec = cdma._cdma.StreamDecompressor(2)
    pos = [0]
    lock = threading.Lock()
    errors = []

    def reader():
        buf = bytearray(7000)
        for _ in range(200):
            with lock:
                p = pos[0]
            try:
                new, _, _ = dec.decompress(frame, p, buf)
            except cdma.Error as e:  # threads racing on one stream: a clean error
                errors.append(e.name)
                dec.reset()
                continue
            with lock:
                pos[0] = max(pos[0], new)
    _run([reader] * THREADS)  # the threads race each other, but nothing crashes


def test_close_racing_writes(tmp_path):
    """Writes racing close() either land or raise ValueError (closed file)."""
    path = tmp_path / "c.cdma"
    f = cdma.open(path, "wb")

    def writer():
        for _ in range(200):
            try:
                f.write(b"x" * 1000)
            except ValueError:
                return
    _run([writer] * 4 + [f.close])
    got = cdma.decompress(path.read_bytes()).tobytes()
    assert got == b"x" * len(got) and len(got) % 1000 == 0


def test_buffer_objects_are_not_shared(rng):
    """One-shot calls from many threads on one input: independent contexts."""
    data = (rng.random(500000) < 0.3).astype("f4")
    frame = cdma.compress(data)
    results = []
    _run([lambda: results.append(cdma.decompress(frame, threads=2))] * THREADS)
    assert len(results) == THREADS and all(np.array_equal(r, data) for r in results)

"""Fortran-order .npy files compressed by the CLI come back as NumPy reads
them: same dtype, shape and values, in an F-ordered array (issue 17, 2.2)."""

import numpy as np
import pytest

import cdma

CASES = [
    ("f4", (40, 100)),
    ("<i2", (3, 5, 7)),
    ("bool", (6, 4)),
    ("<c8", (9, 2)),
    ("<U3", (4, 3)),      # no cdma dtype name: the .npy header gives the dtype
    (">f8", (5, 6)),      # big-endian: likewise
    ("f4", (1, 7)),
    ("f4", (0, 3)),
]


def _cli_frame(tmp_path, cli, arr, order="F"):
    """(original .npy path, .cdma path) for `arr` saved in `order`."""
    arr = np.asfortranarray(arr) if order == "F" else np.ascontiguousarray(arr)
    npy = tmp_path / "a.npy"
    np.save(npy, arr)
    cli("compress", "-q", "-f", npy)
    return npy, tmp_path / "a.npy.cdma"


def _values(rng, dtype, shape):
    x = (rng.standard_normal(shape) * 100).astype("f8")
    if np.dtype(dtype).kind == "U":
        return x.astype("i4").astype(dtype)
    return x.astype(dtype)


@pytest.mark.parametrize("dtype,shape", CASES)
def test_decompress_matches_np_load(tmp_path, cli, rng, dtype, shape):
    npy, packed = _cli_frame(tmp_path, cli, _values(rng, dtype, shape))
    want = np.load(npy)
    frame = packed.read_bytes()
    # NumPy writes fortran_order True only for arrays not also C-contiguous.
    assert cdma.frame_info(frame).fortran_order == (not want.flags.c_contiguous)
    got = cdma.decompress(frame)
    assert got.dtype == want.dtype and got.shape == want.shape
    assert np.array_equal(got, want)
    assert got.flags.f_contiguous


def test_c_order_file_stays_c_order(tmp_path, cli, rng):
    npy, packed = _cli_frame(tmp_path, cli, _values(rng, "f4", (30, 20)), order="C")
    got = cdma.decompress(packed.read_bytes())
    assert not cdma.frame_info(packed.read_bytes()).fortran_order
    assert got.flags.c_contiguous and np.array_equal(got, np.load(npy))


def test_decompress_into_honours_the_order(tmp_path, cli, rng):
    npy, packed = _cli_frame(tmp_path, cli, _values(rng, "f4", (40, 100)))
    want = np.load(npy)
    frame = packed.read_bytes()
    out = np.empty(want.shape, want.dtype, order="F")
    assert cdma.decompress_into(frame, out) == want.nbytes
    assert np.array_equal(out, want)
    # A C-ordered array of the same shape would get the values scrambled.
    with pytest.raises(ValueError, match="Fortran-order"):
        cdma.decompress_into(frame, np.empty(want.shape, want.dtype))
    # A flat buffer gets the bytes in storage order, as the file holds them.
    flat = bytearray(want.nbytes)
    cdma.decompress_into(frame, flat)
    assert bytes(flat) == want.tobytes(order="F")


def test_open_reads_the_npy_file_back(tmp_path, cli, rng):
    npy, packed = _cli_frame(tmp_path, cli, _values(rng, "<i2", (3, 5, 7)))
    with cdma.open(packed) as f:
        assert f.read() == npy.read_bytes()  # what `cdma decompress` writes
    with cdma.open(packed) as f:
        got = np.lib.format.read_array(f)
    want = np.load(npy)
    assert np.array_equal(got, want) and got.flags.f_contiguous


def test_open_reads_concatenated_npy_frames(tmp_path, cli, rng):
    npy, packed = _cli_frame(tmp_path, cli, _values(rng, "f4", (8, 9)))
    two = tmp_path / "two.cdma"
    two.write_bytes(packed.read_bytes() * 2)
    with cdma.open(two) as f:
        assert f.read() == npy.read_bytes() * 2
    # The one-shot decoder returns the concatenated content, as before.
    assert cdma.decompress(two.read_bytes()).tobytes() == np.load(npy).tobytes(order="F") * 2


def test_torch_decompress_gives_logical_values(tmp_path, cli, rng):
    torch = pytest.importorskip("torch")
    import cdma.torch
    npy, packed = _cli_frame(tmp_path, cli, _values(rng, "f4", (3, 5, 7)))
    got = cdma.torch.decompress(packed.read_bytes())
    want = torch.from_numpy(np.ascontiguousarray(np.load(npy)))
    assert got.shape == want.shape and got.is_contiguous()
    assert torch.equal(got, want)


@pytest.mark.parametrize("version", [(1, 0), (2, 0), (3, 0)])
def test_every_npy_version(tmp_path, cli, version):
    """The dtype comes from the .npy header here ('<U2' has no cdma name)."""
    want = np.asfortranarray(np.array([["a", "bc", "d"], ["ef", "", "g"]], "<U2"))
    npy = tmp_path / "v.npy"
    with open(npy, "wb") as f:
        np.lib.format.write_array(f, want, version=version)
    cli("compress", "-q", npy)
    got = cdma.decompress((tmp_path / "v.npy.cdma").read_bytes())
    assert got.dtype == want.dtype and got.flags.f_contiguous and np.array_equal(got, want)


def test_open_reads_a_header_longer_than_its_read_chunk(tmp_path):
    """A 1 MiB file prefix spans cdma.open's 1 MiB reads; it comes back whole."""
    from forge import forge
    content = np.arange(1000, dtype="f4")
    frame = forge(cdma.compress(content), prefix=b"p" * (1 << 20))
    path = tmp_path / "big.cdma"
    path.write_bytes(frame * 2)
    with cdma.open(path) as f:
        assert f.read() == (b"p" * (1 << 20) + content.tobytes()) * 2
    assert np.array_equal(cdma.decompress(frame), content)  # the prefix is not content

"""cdma.load(): the tensors of a safetensors file compressed by the CLI, read
lazily, exactly as written; files that are not such a container refused."""

import sys

import numpy as np
import pytest

import cdma

from conftest import REPO  # noqa: E402

sys.path.insert(0, str(REPO / "tests" / "data" / "safetensors"))
import st_write  # noqa: E402


@pytest.fixture
def weights_cdma(tmp_path, cli):
    tensors = st_write.weights(seed=3, rows=64, cols=48)
    path = tmp_path / "w.safetensors"
    st_write.write(path, tensors, {"format": "pt"})
    cli("compress", "-q", path)
    return tmp_path / "w.safetensors.cdma", tensors


def test_load_gives_every_tensor_exactly(weights_cdma):
    path, tensors = weights_cdma
    with cdma.load(path) as c:
        assert list(c) == [name for name, _, _ in tensors]
        assert len(c) == len(tensors)
        for name, dtype, array in tensors:
            want = np.asarray(array).astype(st_write.NUMPY_OF[dtype])
            got = c[name]
            assert got.shape == want.shape, name
            assert got.tobytes() == want.tobytes(), name
            assert c.shape(name) == want.shape
        assert c["layer.0.weight"].dtype == np.float32
        assert c["layer.1.weight_f16"].dtype == np.float16
        assert c["mask"].dtype == np.bool_


def test_tensors_are_decoded_one_at_a_time(weights_cdma):
    """Damage one tensor's frame: the container still opens and the other
    tensors still load (nothing but the header was decoded up front), and
    the damaged one raises rather than returning wrong data."""
    path, tensors = weights_cdma
    data = bytearray(path.read_bytes())
    names = [name for name, _, _ in tensors]
    with cdma.load(path) as c:
        at, n, _ = c._tensors["layer.0.weight"]
    data[at + n - 20] ^= 0x40  # inside the last block's payload or checksum
    path.write_bytes(bytes(data))
    with cdma.load(path) as c:
        assert c["layer.0.bias"].shape == (48,)
        with pytest.raises(cdma.Error):
            c["layer.0.weight"]
        assert set(c) == set(names)


def test_shape_deeper_than_a_frame_records(tmp_path, cli):
    path = tmp_path / "deep.safetensors"
    path.write_bytes(st_write.header_bytes([("deep", "U8", [1] * 39 + [2], 0, 2)]) + b"\x01\x02")
    cli("compress", "-q", path)
    with cdma.load(str(path) + ".cdma") as c:
        assert c.shape("deep") == (1,) * 39 + (2,)
        if np.__version__ >= "2":  # NumPy 2 allows 64 dimensions, NumPy 1 only 32
            assert c["deep"].shape == (1,) * 39 + (2,)
            assert c["deep"].tobytes() == b"\x01\x02"
        else:
            with pytest.raises(ValueError, match="tensor 'deep'"):
                c["deep"]


def test_not_a_container_is_refused(tmp_path, cli):
    np.save(tmp_path / "a.npy", np.arange(10, dtype="<f4"))
    cli("compress", "-q", tmp_path / "a.npy")
    with pytest.raises(ValueError, match="not a compressed safetensors file"):
        cdma.load(tmp_path / "a.npy.cdma")
    (tmp_path / "empty.cdma").write_bytes(b"")
    with pytest.raises(ValueError, match="empty"):
        cdma.load(tmp_path / "empty.cdma")


def test_frames_that_disagree_with_the_header_are_refused(tmp_path, cli):
    """The header frame of one file before the tensor frames of another."""
    a, b = tmp_path / "a.safetensors", tmp_path / "b.safetensors"
    st_write.write(a, [("x", "F32", np.zeros(4, "<f4")), ("y", "F32", np.ones(2, "<f4"))])
    st_write.write(b, [("x", "F32", np.zeros(4, "<f4")), ("y", "F16", np.ones(4, "<f2"))])
    cli("compress", "-q", a, b)
    ra, rb = (p.with_name(p.name + ".cdma").read_bytes() for p in (a, b))
    head_a = cdma.frame_info(ra).frame_size
    head_b = cdma.frame_info(rb).frame_size
    mixed = tmp_path / "mixed.cdma"
    mixed.write_bytes(ra[:head_a] + rb[head_b:])
    with pytest.raises(ValueError, match="tensor 'y' does not match its frame"):
        cdma.load(mixed)
    # Fewer frames than tensors.
    x_size = cdma.frame_info(ra[head_a:]).frame_size
    (tmp_path / "short.cdma").write_bytes(ra[:head_a + x_size])
    with pytest.raises(ValueError):
        cdma.load(tmp_path / "short.cdma")


def test_npz_fortran_member_frame_claims_no_c_order_shape(tmp_path, cli):
    """A frame's shape means C order: the frame of a Fortran-order .npz
    member must not record (3, 4), or readers trusting it would transpose."""
    f = np.asfortranarray(np.arange(12.0).reshape(3, 4))
    np.savez(tmp_path / "f.npz", fortran=f, plain=np.arange(12.0).reshape(3, 4))
    cli("compress", "-q", tmp_path / "f.npz")
    data = (tmp_path / "f.npz.cdma").read_bytes()
    shapes, at = {}, 0
    while at < len(data):
        info = cdma.frame_info(data[at:])
        prefix = cdma._cdma.file_prefix(data[at:at + info.frame_size])
        for name in (b"fortran.npy", b"plain.npy"):
            if name in prefix:
                shapes[name] = info.shape
        at += info.frame_size
    assert shapes == {b"fortran.npy": None, b"plain.npy": (3, 4)}
